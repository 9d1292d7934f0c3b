using System.Reflection;
using Vedliot.Pipelines.Apps;

namespace Vedliot.UseCases.SmartHome.Tests;

/// <summary>The use case's app as <c>vedliot demo smart-home</c> finds it and checks its arguments (its run needs a deployment).</summary>
public sealed class SmartHomeDemoTests
{
    [Fact]
    public void The_assembly_names_its_app_for_the_demo()
    {
        var attribute = typeof(SmartHomeDemo).Assembly.GetCustomAttribute<UseCaseAppAttribute>();

        Assert.Equal(typeof(SmartHomeDemo), attribute?.AppType);
        Assert.IsAssignableFrom<IUseCaseApp>(Activator.CreateInstance(attribute!.AppType));
    }

    [Theory]
    [InlineData]
    [InlineData("--say", "good morning")]
    [InlineData("--say=good morning")]
    [InlineData("--say", "hey", "--say", "jarvis")]
    public void The_app_takes_say_and_its_text(params string[] arguments) =>
        new SmartHomeDemo().CheckArguments(arguments);

    [Theory]
    [InlineData(new[] { "--shout" }, "unknown argument '--shout'; the smart-home app takes --say TEXT")]
    [InlineData(new[] { "--say", "hi", "there" }, "unknown argument 'there'; the smart-home app takes --say TEXT")]
    [InlineData(new[] { "--say" }, "--say: expected the text to say, e.g. --say \"hey jarvis\"")]
    [InlineData(new[] { "--say=" }, "--say '': expected something to say")]
    public void The_app_refuses_other_arguments_naming_them(string[] arguments, string message)
    {
        var error = Assert.Throws<UseCaseArgumentException>(() => new SmartHomeDemo().CheckArguments(arguments));

        Assert.Equal(message, error.Message);
    }
}
