using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.CompilerServices;
using FluentValidation;
using FluentValidation.Internal;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Error messages in the caller's language: Vietnamese when <c>Accept-Language</c> prefers <c>vi</c>, English
/// otherwise (issue 11: Vietnamese agency staff read these). FluentValidation translates its built-in messages itself;
/// this is the one catalogue of the API's own wording, keyed by the English text. Problem <c>type</c>s, statuses and
/// field names never change with the language: clients switch on those, not on text.
/// </summary>
public static class Translations
{
    public static readonly IReadOnlyList<CultureInfo> Languages = [CultureInfo.GetCultureInfo("en"), CultureInfo.GetCultureInfo("vi")];

    private static readonly FrozenDictionary<string, string> Vietnamese = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Problem titles (Problems, ErrorResponses, RequestBodyGuard, Preconditions, Protection, Idempotency, exports).
        ["The request has invalid fields."] = "Yêu cầu có trường không hợp lệ.",
        ["Authentication required."] = "Cần xác thực.",
        ["Not allowed for this caller."] = "Bên gọi không được phép thực hiện yêu cầu này.",
        ["Not found."] = "Không tìm thấy.",
        ["The request conflicts with the current state."] = "Yêu cầu mâu thuẫn với trạng thái hiện tại.",
        ["The request breaks a rule of the ledger."] = "Yêu cầu vi phạm một quy tắc của sổ cái.",
        ["Another write to the same record happened first."] = "Một thao tác ghi khác vào cùng bản ghi đã diễn ra trước.",
        ["The ledger could not complete the request."] = "Sổ cái không thể hoàn tất yêu cầu.",
        ["The ledger's database cannot be reached."] = "Không kết nối được cơ sở dữ liệu của sổ cái.",
        ["Unsupported media type."] = "Kiểu nội dung không được hỗ trợ.",
        ["Request body too large."] = "Nội dung yêu cầu quá lớn.",
        ["This route requires If-Match."] = "Tuyến này cần tiêu đề If-Match.",
        ["The record changed since you read it."] = "Bản ghi đã thay đổi kể từ khi bạn đọc.",
        ["Too many requests."] = "Quá nhiều yêu cầu.",
        ["The request took too long."] = "Yêu cầu xử lý quá lâu.",
        ["The Idempotency-Key was used for another request."] = "Idempotency-Key đã được dùng cho một yêu cầu khác.",
        ["Exports are not configured."] = "Chức năng xuất dữ liệu chưa được cấu hình.",
        // ASP.NET's own titles for routing answers (UseStatusCodePages).
        ["Not Found"] = "Không tìm thấy.",
        ["Method Not Allowed"] = "Phương thức không được phép.",
        ["Bad Request"] = "Yêu cầu không hợp lệ.",

        // Details that do not vary with the request.
        ["See 'errors': each key is the JSON path of a field at fault."] = "Xem 'errors': mỗi khóa là đường dẫn JSON của một trường bị lỗi.",
        ["Nothing was recorded. Read the record again and retry."] = "Chưa có gì được ghi. Hãy đọc lại bản ghi rồi thử lại.",
        ["Nothing was recorded. Quote the correlation id when reporting this."] = "Chưa có gì được ghi. Khi báo lỗi, hãy nêu mã tương quan (correlationId).",
        [ErrorResponses.StoreUnavailableDetail] =
            $"Hãy thử lại sau {ErrorResponses.StoreRetryAfterSeconds} giây; thao tác ghi gửi lại với cùng Idempotency-Key chỉ được ghi nhiều nhất một lần.",
        ["Send a bearer token from a trusted issuer in the Authorization header."] = "Hãy gửi bearer token của một bên phát hành được tin cậy trong tiêu đề Authorization.",
        ["The bearer token was refused: wrong issuer, audience or signature, or expired."] = "Bearer token bị từ chối: sai bên phát hành, đối tượng (audience) hoặc chữ ký, hoặc đã hết hạn.",
        ["Send the command as JSON with 'Content-Type: application/json'."] = "Hãy gửi lệnh dưới dạng JSON với 'Content-Type: application/json'.",
        ["A key names one command; send a new key for a different request. Nothing was recorded."] = "Mỗi khóa chỉ dành cho một lệnh; hãy gửi khóa mới cho yêu cầu khác. Chưa có gì được ghi.",

        // Field messages written by hand (body guard, query parameters, headers).
        [Dates.QueryDateMessage] = "Phải là một ngày, dạng yyyy-MM-dd, từ 1990-01-01 đến 2999-12-31.",
        [StrictJson.ControlCharactersMessage] = "Văn bản không được chứa ký tự điều khiển.",
        [StrictJson.OffsetRequiredMessage] = "Phải là một thời điểm kèm độ lệch UTC, ví dụ 2023-05-06T19:00:00+07:00.",
        [QueryGuard.ControlCharactersMessage] = "Không được chứa ký tự điều khiển.",
        ["A list element may not be null."] = "Phần tử của danh sách không được là null.",
        ["Must not be before 'from'."] = "Không được trước 'from'.",
        ["Must be 1 or more."] = "Phải từ 1 trở lên.",
        ["Must be a 5-digit commune-level unit code."] = "Phải là mã đơn vị cấp xã gồm 5 chữ số.",
        ["Not a known model type; see GET /api/v1/model-types."] = "Không phải loại mô hình đã biết; xem GET /api/v1/model-types.",
        ["Required: a date, yyyy-MM-dd."] = "Bắt buộc: một ngày, dạng yyyy-MM-dd.",
        ["Must be a date, yyyy-MM-dd, not before 'from'."] = "Phải là một ngày, dạng yyyy-MM-dd, không trước 'from'.",
        ["Required: a 2-digit province code."] = "Bắt buộc: mã tỉnh gồm 2 chữ số.",
        ["'{PropertyName}' is before 1990."] = "'{PropertyName}' trước năm 1990.",
        ["Must be a 2-, 3- or 5-digit unit code."] = "Phải là mã đơn vị gồm 2, 3 hoặc 5 chữ số.",
        ["Must be a 2-digit province code."] = "Phải là mã tỉnh gồm 2 chữ số.",
        ["The value has the wrong type or is out of range."] = "Giá trị sai kiểu hoặc nằm ngoài phạm vi cho phép.",
        ["The body is not valid UTF-8 JSON."] = "Nội dung không phải JSON UTF-8 hợp lệ.",
        ["A JSON object is required."] = "Cần một đối tượng JSON.",
        ["This field is not part of the request."] = "Trường này không thuộc yêu cầu.",
        ["This field is required."] = "Trường này là bắt buộc.",
        ["The JSON is nested too deeply."] = "JSON lồng nhau quá sâu.",
        ["Malformed JSON."] = "JSON sai cú pháp.",
        ["Not a cursor this API returned."] = "Không phải con trỏ (cursor) do API này trả về.",
        ["Must be 1–128 letters, digits, '.', '_', ':' or '-'."] = "Phải gồm 1–128 chữ cái, chữ số, '.', '_', ':' hoặc '-'.",

        // The validators' own templates ({PropertyName} is the JSON path).
        ["'{PropertyName}' may not be in the future."] = "'{PropertyName}' không được ở tương lai.",
        ["'{PropertyName}' must be a 2-digit province code."] = "'{PropertyName}' phải là mã tỉnh gồm 2 chữ số.",
        ["'{PropertyName}' must be a 2-digit province code, e.g. 79."] = "'{PropertyName}' phải là mã tỉnh gồm 2 chữ số, ví dụ 79.",
        ["'{PropertyName}' must be a 5-digit commune-level unit code, e.g. 27259."] = "'{PropertyName}' phải là mã đơn vị cấp xã gồm 5 chữ số, ví dụ 27259.",
        ["'{PropertyName}' must be a province (2 digits), district (3) or commune-level (5) unit code."] =
            "'{PropertyName}' phải là mã tỉnh (2 chữ số), huyện (3) hoặc đơn vị cấp xã (5).",
        ["'{PropertyName}' must be a unit code."] = "'{PropertyName}' phải là mã đơn vị.",
        ["'{PropertyName}' must be after 'shiftStart'."] = "'{PropertyName}' phải sau 'shiftStart'.",
        ["A shift lasts at most 24 hours."] = "Một ca kéo dài tối đa 24 giờ.",
        ["'{PropertyName}' is not a known model type; see GET /api/v1/model-types."] =
            "'{PropertyName}' không phải loại mô hình đã biết; xem GET /api/v1/model-types.",
        ["'{PropertyName}' is too far in the future."] = "'{PropertyName}' quá xa trong tương lai.",
        ["'{PropertyName}' must be a program id."] = "'{PropertyName}' phải là mã chương trình.",
        ["'{PropertyName}' must be a program id, e.g. hcmc-478-2013; see GET /api/v1/programs."] =
            "'{PropertyName}' phải là mã chương trình, ví dụ hcmc-478-2013; xem GET /api/v1/programs.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Accept-Language picks the language of messages only: numbers and dates keep one format whatever the caller
    /// asks, so parsing never depends on a header.
    /// </summary>
    public static IServiceCollection AddTranslations(this IServiceCollection services) =>
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(CultureInfo.InvariantCulture, Languages[0]);
            o.SupportedCultures = [CultureInfo.InvariantCulture];
            o.SupportedUICultures = [.. Languages];
            o.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()];
        });

    /// <summary>The text in the request's language; text the catalogue does not hold stays as it is.</summary>
    public static string Translate(string english) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "vi" && Vietnamese.TryGetValue(english, out var vi) ? vi : english;

    /// <summary>Title, detail and field messages of a problem document, in the request's language.</summary>
    public static void Translate(ProblemDetails problem)
    {
        problem.Title = problem.Title is { } title ? Translate(title) : null;
        problem.Detail = problem.Detail is { } detail ? Translate(detail) : null;
        if (problem is HttpValidationProblemDetails validation)
        {
            foreach (var (field, messages) in validation.Errors)
            {
                validation.Errors[field] = [.. messages.Select(Translate)];
            }
        }
    }

    /// <summary>Translates a validator's template before its placeholders are filled in.</summary>
    [ModuleInitializer]
    internal static void TranslateValidatorMessages() =>
        ValidatorOptions.Global.MessageFormatterFactory = () => new TranslatingFormatter();

    private sealed class TranslatingFormatter : MessageFormatter
    {
        public override string BuildMessage(string messageTemplate) => base.BuildMessage(Translate(messageTemplate));
    }
}
