namespace Vibe.WebFront.Web;

/// <summary>
/// An enum value the server uses but never writes to the wire (it answers otherwise, such as 404), so the OpenAPI
/// document leaves it out and the clients' generated types do not have to handle it (<see cref="NeverSentValuesTransformer"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
internal sealed class NeverSentAttribute : Attribute;
