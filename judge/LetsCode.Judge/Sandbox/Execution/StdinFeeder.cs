namespace LetsCode.Judge.Sandbox.Execution;

/// <summary>Copies the test's input file into the child's stdin pipe, then closes it (EOF).</summary>
internal static class StdinFeeder
{
    /// <summary>A child that exits without reading all input is normal: broken pipes are ignored.</summary>
    public static async Task FeedAsync(string? path, Stream stdin, CancellationToken cancellationToken)
    {
        try
        {
            if (path is not null)
            {
                await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
                await input.CopyToAsync(stdin, 1 << 16, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
            }
        }
    }
}
