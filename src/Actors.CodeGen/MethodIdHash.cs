namespace Vibe.Actors.CodeGen;

/// <summary>
/// The stable id of a grain method: FNV-1a (32-bit) over the UTF-16 code units of
/// <c>"{InterfaceFullName}.{MethodName}({ParameterType1},{ParameterType2})"</c>, each name written in
/// <see cref="GrainSymbols.StableName"/> form, for example
/// <c>MyApp.ICartGrain.Put(System.String,System.Collections.Generic.Dictionary&lt;System.String, System.Int32&gt;)</c>.
/// It depends only on names, so it is the same in every build and every process, and overloads get different ids.
/// </summary>
internal static class MethodIdHash
{
    private const uint OffsetBasis = 2166136261u;
    private const uint Prime = 16777619u;

    public static uint Compute(string signature)
    {
        var hash = OffsetBasis;
        foreach (var c in signature)
        {
            hash = unchecked((hash ^ c) * Prime);
        }

        return hash;
    }
}
