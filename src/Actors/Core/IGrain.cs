namespace Vibe.Actors;

/// <summary>Anything that can be addressed by the runtime: grains and grain references.</summary>
public interface IAddressable;

/// <summary>Marker for grain interfaces. Use <see cref="IGrainWithStringKey"/> or <see cref="IGrainWithGuidKey"/>.</summary>
public interface IGrain : IAddressable;

/// <summary>A grain identified by a string key.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain identified by a <see cref="Guid"/> key.</summary>
public interface IGrainWithGuidKey : IGrain;
