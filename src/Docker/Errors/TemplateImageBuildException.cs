namespace Vibe.Docker.Errors;

/// <summary>
/// A template image could not be built. <see cref="Exception.Message"/> says why in words the person who asked for the
/// workspace can act on; the build's own output went to the server log.
/// </summary>
public sealed class TemplateImageBuildException(string message, Exception? innerException = null) : Exception(message, innerException);
