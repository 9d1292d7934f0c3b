using Vedliot.Cli;

return VedliotCli.Invoke(args, Console.Out, Console.Error, TimeProvider.System);
