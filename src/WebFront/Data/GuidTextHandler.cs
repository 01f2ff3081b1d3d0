using System.Data;
using System.Globalization;
using Dapper;

namespace Vibe.WebFront.Data;

/// <summary>
/// Makes Dapper write <see cref="Guid"/> parameters as the 36-character lowercase text that the TEXT id columns hold
/// (SQLite would otherwise bind a BLOB, PostgreSQL a uuid), and read such text back as a Guid.
/// </summary>
internal sealed class GuidTextHandler : SqlMapper.TypeHandler<Guid>
{
    public override void SetValue(IDbDataParameter parameter, Guid value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value.ToString("D", CultureInfo.InvariantCulture);
    }

    public override Guid Parse(object value) => value switch
    {
        string text => Guid.Parse(text, CultureInfo.InvariantCulture),
        Guid guid => guid,
        _ => throw new DataException($"Cannot read a {value.GetType().Name} as a Guid id."),
    };
}
