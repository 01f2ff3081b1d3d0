using System.Runtime.ExceptionServices;
using System.Text.Json;

namespace Vibe.Actors.Messaging;

/// <summary>
/// Carries an exception between silos as its type name, message and stack trace; the caller gets an
/// exception of the same type (when it has a message constructor) with the remote stack attached.
/// </summary>
internal static class RemoteExceptionCodec
{
    public static byte[] Write(Exception exception)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", exception.GetType().AssemblyQualifiedName);
            writer.WriteString("message", exception.Message);
            writer.WriteString("stack", exception.StackTrace);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static Exception Read(ReadOnlySpan<byte> data)
    {
        string? typeName = null;
        string message = "";
        string? stack = null;
        try
        {
            var reader = new Utf8JsonReader(data);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "type":
                        typeName = reader.GetString();
                        break;
                    case "message":
                        message = reader.GetString() ?? "";
                        break;
                    case "stack":
                        stack = reader.GetString();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            return new ActorRuntimeException("A remote silo answered with an error that could not be read.", ex);
        }

        var exception = Create(typeName, message);
        return stack is null ? exception : ExceptionDispatchInfo.SetRemoteStackTrace(exception, stack);
    }

    private static Exception Create(string? typeName, string message)
    {
        var type = typeName is null ? null : Type.GetType(typeName, throwOnError: false);
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && type.GetConstructor([typeof(string)]) is { } constructor)
        {
            try
            {
                return (Exception)constructor.Invoke([message]);
            }
            catch (System.Reflection.TargetInvocationException)
            {
                // Fall through to the generic form.
            }
        }

        return new ActorRuntimeException($"{typeName ?? "Exception"}: {message}");
    }
}
