namespace LetsCode.Operator;

public static class Program
{
    public static Task<int> Main(string[] args) => Cli.OperatorCli.RunAsync(args, Console.Out, Console.Error);
}
