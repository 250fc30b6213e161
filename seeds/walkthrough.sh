#!/usr/bin/env bash
# The README walkthrough as a script: registers a model, records a patrol, grants a commendation, and reads the
# model and the province statistics back. Run it against a service started with ops/run:
#   seeds/walkthrough.sh [http://127.0.0.1:5080]
# It calls as a recorder and analyst of Hồ Chí Minh City (79) with a development token (ops/token), or with $TOKEN.
set -euo pipefail
api="${1:-http://127.0.0.1:5080}"
token="${TOKEN:-$("$(dirname "$0")/../ops/token" --role recorder,analyst --province 79 --subject walkthrough --client walkthrough-script)}"
auth=(-H "Authorization: Bearer $token")
json=("${auth[@]}" -H 'Content-Type: application/json' -H "X-Correlation-Id: walkthrough-$(date +%s)")
id_of() { sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p'; }

echo "== register a model (POST /api/v1/models)"
model=$(curl -sS -X POST "$api/api/v1/models" "${json[@]}" -d @- <<'JSON' | tee /dev/stderr | id_of
{"modelType":"apartment-self-management-team","kind":"MODEL","name":"Tổ tự quản chung cư H3 Hoàng Diệu",
 "provinceCode":"79","unitCode":"27259","leadOrganisation":"POLICE","partners":["FATHERLAND_FRONT","YOUTH_UNION"],
 "programId":"hcmc-478-2013","launchDate":"2023-04-01"}
JSON
)
echo; echo "== record a patrol shift (POST /api/v1/models/$model/patrols)"
curl -sS -X POST "$api/api/v1/models/$model/patrols" "${json[@]}" -d @- <<'JSON'
{"shiftStart":"2023-05-06T19:00:00+07:00","shiftEnd":"2023-05-06T23:00:00+07:00","participants":7,"inspections":2,
 "sanctions":{"fines":1,"warnings":0,"other":0},"casesDetected":0}
JSON
echo; echo; echo "== grant a commendation (POST /api/v1/commendations)"
curl -sS -X POST "$api/api/v1/commendations" "${json[@]}" -d @- <<JSON
{"form":"CERTIFICATE_OF_MERIT","issuer":"PROVINCIAL_PEOPLES_COMMITTEE","provinceCode":"79",
 "presenter":{"name":"Nguyễn Văn Dũng","position":"Phó Chủ tịch UBND Thành phố"},
 "recipient":{"kind":"COLLECTIVE","name":"Tổ tự quản chung cư H3 Hoàng Diệu","unitCode":"27259","modelId":"$model"},
 "reason":"Thành tích xuất sắc trong phong trào Toàn dân bảo vệ an ninh Tổ quốc","decisionNumber":"4321/QĐ-UBND",
 "decisionDate":"2023-08-15","programId":"hcmc-478-2013"}
JSON
echo; echo; echo "== read the model back (GET /api/v1/models/$model)"
curl -sS "${auth[@]}" "$api/api/v1/models/$model"
echo; echo; echo "== province statistics (GET /api/v1/provinces/79/statistics): async, with its freshness"
for _ in 1 2 3 4 5 6 7 8 9 10; do
  stats=$(curl -sS "${auth[@]}" "$api/api/v1/provinces/79/statistics")
  case "$stats" in *'"isCurrent":false'*) ;; *) break ;; esac
  sleep 0.5
done
echo "$stats"
