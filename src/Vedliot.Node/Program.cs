using Vedliot.Node.Hosting;

return await NodeCommandLine.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable);
