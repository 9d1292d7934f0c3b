using System.Text;

namespace Vedliot.Fuzzing;

/// <summary>Outcome strings of targets: "accepted", or the rejecting exception's type and message with numbers and quoted text blanked.</summary>
public static class Outcome
{
    /// <summary>The outcome of an input the parser rejected as documented.</summary>
    /// <param name="exception">The documented exception.</param>
    /// <returns>e.g. <c>TpmFormatException: TPM2_# response: responseSize # does not match…</c>: one per distinct check.</returns>
    public static string Rejected(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var text = new StringBuilder(exception.GetType().Name).Append(": ");
        var quote = '\0';
        foreach (var c in message.Length > 120 ? message[..120] : message)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                    text.Append(c);
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
                text.Append(c).Append('…');
            }
            else if (char.IsAsciiDigit(c) || char.IsAsciiHexDigitUpper(c) && text.Length > 0 && text[^1] == '#')
            {
                if (text[^1] != '#')
                {
                    text.Append('#');
                }
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
