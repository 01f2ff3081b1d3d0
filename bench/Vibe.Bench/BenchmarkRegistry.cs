namespace Vibe.Bench;

/// <summary>The benchmarks `bench/run` knows, and its command line.</summary>
internal sealed class BenchmarkRegistry
{
    private readonly IReadOnlyList<IBenchmark> _benchmarks;

    /// <summary>The benchmarks, in the order `bench/run all` runs them.</summary>
    public BenchmarkRegistry(IReadOnlyList<IBenchmark> benchmarks) => _benchmarks = benchmarks;

    public async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var results = Option(args, "--results") ?? Path.Combine(Environment.CurrentDirectory, "bench", "results");
        var root = Option(args, "--root") ?? Environment.CurrentDirectory;
        var names = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--results" or "--root"))).ToList();

        if (args.Contains("--list"))
        {
            foreach (var b in _benchmarks)
            {
                Console.WriteLine($"{b.Name,-22} {b.Description}");
            }

            return 0;
        }

        if (names.Count != 1)
        {
            Console.Error.WriteLine("usage: bench/run NAME [--quick] | bench/run all [--quick] | bench/run --list");
            return 2;
        }

        var selected = names[0] == "all" ? _benchmarks : _benchmarks.Where(b => b.Name == names[0]).ToList();
        if (selected.Count == 0)
        {
            Console.Error.WriteLine($"bench/run: no benchmark named '{names[0]}'; `bench/run --list` shows them.");
            return 2;
        }

        var context = new BenchmarkContext(quick, root);
        foreach (var benchmark in selected)
        {
            Console.WriteLine($"# {benchmark.Name}: {benchmark.Description}{(quick ? " (quick)" : "")}, {Environment.ProcessorCount} cores");
            var result = await benchmark.RunAsync(context);
            foreach (var note in result.Notes)
            {
                Console.WriteLine($"# {note}");
            }

            foreach (var (key, value) in result.Extra)
            {
                Console.WriteLine($"#   {key} = {BenchmarkResult.Format(value)}");
            }

            result.Save(results);
            Console.WriteLine(result.ToLine());
        }

        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
