using Vedliot.Cli;

return await VedliotCli.RunAsync(args, Console.Out, Console.Error, TimeProvider.System);
