namespace LetsCode.Judge.Checkers;

/// <summary>
/// The exit codes of a testlib checker (testlib.h without EJUDGE/CONTESTER: OK_EXIT_CODE, WA_EXIT_CODE, ...), the
/// convention custom checkers follow. testlib itself exits with PresentationError for malformed contestant output:
/// extra tokens ("_dirt" is turned into "_pe"), a token of the wrong type, and reading past its end (unless built
/// with ENABLE_UNEXPECTED_EOF, which uses 8).
/// </summary>
internal static class TestlibExitCode
{
    public const int Ok = 0;
    public const int WrongAnswer = 1;
    public const int PresentationError = 2;

    /// <summary>"_fail": the checker found itself or the test broken (e.g. the answer file is invalid).</summary>
    public const int Fail = 3;

    /// <summary>"_points": a score for partial credit, which a verdict-only judge cannot express.</summary>
    public const int Points = 7;
}
