using System.Text.Json;

namespace Vibe.Cli.Output;

/// <summary>Writes the server's JSON to stdout as it came, indented: <c>--json</c> shows every field the API has, not only those vibe knows.</summary>
internal static class JsonOutput
{
    public static void Write(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            document.WriteTo(writer);
        }

        stdout.Write("\n"u8);
    }
}
