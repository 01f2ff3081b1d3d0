namespace Vibe.Docker.Images;

/// <summary>Where a template image build is: the stage a person reads ("Step 2 of 5: installing packages") and how far, 0–100.</summary>
public sealed record TemplateBuildProgress(string Stage, int Percent);
