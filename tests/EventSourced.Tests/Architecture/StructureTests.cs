using System.Text.RegularExpressions;

namespace EventSourced.Tests.Architecture;

/// <summary>
/// Dependencies point one way (docs/architecture.md, "Shape"): the top-level folders of src/EventSourced.Api import each
/// other without a cycle, Infrastructure (plumbing) imports no module, and the ground floor (Ledger) imports neither a
/// module nor Infrastructure. Read from the <c>using</c> lines: a namespace-qualified name (<c>Clusters.ClusterIds</c>)
/// slips past, so cross-folder references are written as usings.
/// </summary>
public partial class StructureTests
{
    private const string Ledger = "Ledger";
    private const string Infrastructure = "Infrastructure";

    [Fact]
    public void No_folders_import_each_other_in_a_cycle()
    {
        var imports = Imports();

        var cycles = Cycles(imports);

        cycles.ShouldBeEmpty("Folders that import each other, through these files:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void Infrastructure_imports_no_module()
    {
        var imports = Imports();

        var offending = imports.Where(i => i.From == Infrastructure && i.To.StartsWith("Modules/", StringComparison.Ordinal)).Select(i => i.ToString()).ToList();

        offending.ShouldBeEmpty();
    }

    [Fact]
    public void The_ledger_imports_no_module_and_no_infrastructure()
    {
        var imports = Imports();

        var offending = imports.Where(i => i.From == Ledger && i.To != Ledger).Select(i => i.ToString()).ToList();

        offending.ShouldBeEmpty();
    }

    [Fact]
    public void Every_folder_is_read()
    {
        var imports = Imports();

        // A test that read nothing would pass on any layout: the API's folders must be there.
        imports.Select(i => i.From).ShouldContain(Infrastructure);
        imports.Select(i => i.From).ShouldContain("Modules/Units");
        imports.Select(i => i.To).ShouldContain(Ledger);
    }

    /// <summary>One file's import of another folder.</summary>
    private sealed record Import(string File, string From, string To)
    {
        public override string ToString() => $"{File} imports {To}";
    }

    /// <summary>Each <c>using EventSourced.Api…</c> line of each file, as an import between two different folders.</summary>
    private static List<Import> Imports()
    {
        var api = Path.Combine(SolutionFolder(), "src", "EventSourced.Api");
        var imports = new List<Import>();
        foreach (var path in Directory.EnumerateFiles(api, "*.cs", SearchOption.AllDirectories))
        {
            var file = Path.GetRelativePath(api, path).Replace('\\', '/');
            if (file.StartsWith("obj/", StringComparison.Ordinal) || file.StartsWith("bin/", StringComparison.Ordinal))
            {
                continue;
            }
            var from = FolderOf(file.Split('/'));
            foreach (var line in File.ReadLines(path))
            {
                if (UsingLine().Match(line) is { Success: true } match
                    && FolderOf(match.Groups["ns"].Value.Split('.').Skip(2).ToArray(), isNamespace: true) is var to && to != from)
                {
                    imports.Add(new Import(file, from, to));
                }
            }
        }
        return [.. imports.Distinct()];
    }

    /// <summary>Ledger, Infrastructure, Modules/&lt;Name&gt;, or (root) for Program.cs and the files beside it.</summary>
    private static string FolderOf(string[] parts, bool isNamespace = false) => parts switch
    {
        ["Modules", var module, ..] when isNamespace || parts.Length > 2 => $"Modules/{module}",
        [var folder, _, ..] => folder,
        [var folder] when isNamespace => folder,
        _ => "(root)",
    };

    /// <summary>Every import between two folders of the same strongly connected component (Tarjan).</summary>
    private static List<string> Cycles(List<Import> imports)
    {
        var edges = imports.GroupBy(i => i.From).ToDictionary(g => g.Key, g => g.Select(i => i.To).Distinct().ToList());
        var (index, low, onStack, stack, component) = (new Dictionary<string, int>(), new Dictionary<string, int>(), new HashSet<string>(), new Stack<string>(), new Dictionary<string, int>());
        var components = 0;

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (!index.TryGetValue(next, out var seen))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }
            if (low[node] == index[node])
            {
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component[member] = components;
                }
                while (member != node);
                components++;
            }
        }

        foreach (var node in edges.Keys.Concat(imports.Select(i => i.To)).Distinct().Order(StringComparer.Ordinal).ToList())
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }
        return imports.Where(i => component[i.From] == component[i.To]).Select(i => i.ToString()).Order(StringComparer.Ordinal).ToList();
    }

    private static string SolutionFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "EventSourced.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No EventSourced.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?(\w+\s*=\s*)?(?<ns>EventSourced\.Api(\.\w+)*)\s*;")]
    private static partial Regex UsingLine();
}
