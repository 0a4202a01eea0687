using System.Text;
using Connector.Tests.Infrastructure;
using Connector.Web.Connect.Jwt;
using Connector.Web.Sources.Csv;

namespace Connector.Tests.Connect;

/// <summary>
/// Random and mutated input against the parsers that read what strangers send: tokens (through the real pages and
/// the script endpoint), query-string hashes and CSV files. Bounded in count and seeded, so a failure repeats.
/// Each must end in its typed refusal, never in an unhandled exception.
/// </summary>
public sealed class FuzzTests(ConnectWorld<FuzzTests> world) : IClassFixture<ConnectWorld<FuzzTests>>
{
    const int Rounds = 300;

    [Fact]
    public async Task Mutated_and_random_tokens_are_always_refused_with_401_and_never_fail_the_server()
    {
        var session = await AppSession.OpenAsync(world, "acme");
        var random = new Random(20261123);
        var statuses = new HashSet<HttpStatusCode>();
        for (var round = 0; round < Rounds; round++)
        {
            var token = Mutate(session.Token, random);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{world.AppUrl}/{(round % 2 == 0 ? "connections" : $"api/runs/{Guid.NewGuid()}")}");
            // A header carries ASCII only (HttpClient refuses anything else), so other noise goes in the query.
            if (round % 3 == 0 || !Ascii.IsValid(token)) request.RequestUri = new Uri($"{request.RequestUri}?jwt={Uri.EscapeDataString(token)}");
            else request.Headers.TryAddWithoutValidation("Authorization", "JWT " + token);
            using var response = await world.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized], statuses);
        Assert.DoesNotContain(world.AppLogs.Lines, line => line.StartsWith("Error ") || line.StartsWith("Critical "));
    }

    [Fact]
    public void The_query_string_hash_takes_any_method_path_and_query()
    {
        var random = new Random(7);
        for (var round = 0; round < Rounds * 10; round++)
        {
            var hash = QueryStringHash.Compute(Noise(random, 8), "/" + Noise(random, 40), Noise(random, 80));
            Assert.Matches("^[0-9a-f]{64}$", hash);
        }
    }

    [Fact]
    public async Task The_csv_parser_reads_any_bytes_into_rows_or_row_problems()
    {
        var random = new Random(11);
        for (var round = 0; round < Rounds; round++)
        {
            var bytes = new byte[random.Next(0, 4096)];
            random.NextBytes(bytes);
            // Half the rounds: CSV-looking text with stray quotes, delimiters and line breaks.
            var text = round % 2 == 0 ? Encoding.Latin1.GetString(bytes) : CsvLike(random);
            var delimiter = CsvParser.CandidateDelimiters[random.Next(CsvParser.CandidateDelimiters.Length)];
            await foreach (var row in CsvParser.ReadAsync(new StringReader(text), delimiter))
                Assert.True(row.Line >= 1);
            _ = CsvContent.NotText(bytes, CsvParser.DetectEncoding(bytes));
            _ = CsvContent.DelimiterMismatch(text.Split('\n')[0], delimiter);
        }
    }

    static string Mutate(string token, Random random) => random.Next(8) switch
    {
        0 => Noise(random, random.Next(0, 600)),
        1 => token[..random.Next(token.Length)],
        2 => string.Join('.', token.Split('.').Reverse()),
        3 => token + "." + token,
        4 => Flip(token, random, random.Next(1, 6)),
        5 => Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"alg\":\"" + Noise(random, 6) + "\"}")) + "." + token.Split('.')[1] + ".",
        6 => new string('A', random.Next(1, 8000)),
        _ => token[..token.LastIndexOf('.')] + "." + Noise(random, 43),
    };

    /// <summary>Changes characters for real: never to themselves, and never the signature's last one, whose spare
    /// base64 bits may change without changing the signature (harmless, but not a mutation).</summary>
    static string Flip(string token, Random random, int times)
    {
        var chars = token.ToCharArray();
        for (var i = 0; i < times; i++)
        {
            var at = random.Next(chars.Length - 1);
            var replacement = (char)random.Next(33, 127);
            chars[at] = replacement == chars[at] ? (char)(replacement == 'x' ? 'y' : 'x') : replacement;
        }
        return new string(chars);
    }

    static string Noise(Random random, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++) builder.Append(random.Next(10) == 0 ? (char)random.Next(0x80, 0x3000) : (char)random.Next(32, 127));
        return builder.ToString();
    }

    static string CsvLike(Random random)
    {
        const string alphabet = "ab,;|\t\"\"\r\n\n x@é";
        var builder = new StringBuilder();
        for (var i = random.Next(0, 2000); i > 0; i--) builder.Append(alphabet[random.Next(alphabet.Length)]);
        return builder.ToString();
    }
}
