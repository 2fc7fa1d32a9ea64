using System.Collections;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Vig.Infrastructure.Persistence;

/// <summary>
/// The INSERTs of new aggregates (a referral with its parts, an audit entry, an event) as one
/// command, built from EF Core's own model: the tables, columns, value conversions and parameter
/// types are the model's, so nothing is mapped twice. A create writes only new rows, so it needs
/// none of what SaveChanges spends most of its time on (change tracking, snapshots, ordering the
/// commands, generating their SQL anew for each request): ADR 0020.
/// </summary>
/// <remarks>
/// Columns the database fills (identity keys, defaults such as the inserting transaction's id) are
/// left out, as EF Core leaves them out. A list's rows get their owner's key and, where the model
/// has one, their <see cref="ListPosition"/>. Any other shadow property, or a key the client would
/// have to generate, is refused when the plan is built, so a model change this does not know fails
/// the first create in the tests rather than writing a wrong row.
/// </remarks>
internal static class NewRows
{
    // One parameter factory: RelationalTypeMapping.CreateParameter asks a command for a new
    // parameter (and nothing else), then converts the value and sets its type as EF Core would.
    private static readonly DbCommand ParameterFactory = new NpgsqlCommand();

    private static readonly ConcurrentDictionary<int, string> ParameterNames = new();

    private static readonly ConcurrentDictionary<IEntityType, Table> Tables = new();

    /// <summary>Inserts <paramref name="roots"/> (each with its owned parts) in one command, in the order given.</summary>
    public static async Task InsertAsync(DbContext db, IReadOnlyList<object> roots, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var text = new StringBuilder(4096);
        var parameters = new List<DbParameter>(160);
        foreach (var root in roots)
        {
            var type = db.Model.FindEntityType(root.GetType())
                ?? throw new InvalidOperationException($"{root.GetType().Name} is not in the model.");
            AddRow(sql, type, root, owner: null, position: 0, text, parameters);
        }

        await db.Database.ExecuteSqlRawAsync(text.ToString(), parameters, cancellationToken);
    }

    private static void AddRow(ISqlGenerationHelper sql, IEntityType type, object entity, object? owner, int position, StringBuilder text, List<DbParameter> parameters)
    {
        var table = Tables.GetOrAdd(type, Plan, sql);
        text.Append(table.Prefix);
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            var value = column.Source switch
            {
                Source.OwnerKey => owner is null ? throw new InvalidOperationException($"{type.DisplayName()} is written only with its owner.") : column.OwnerKey!.GetGetter().GetClrValueUsingContainingEntity(owner),
                Source.Position => position,
                _ => Read(column, entity),
            };
            var name = ParameterNames.GetOrAdd(parameters.Count, n => "p" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            parameters.Add(column.Mapping.CreateParameter(ParameterFactory, name, value, column.Property.IsNullable));
            text.Append(i == 0 ? "@" : ", @").Append(name);
        }

        text.Append(");\n");
        foreach (var list in table.Lists)
        {
            if (list.GetGetter().GetClrValueUsingContainingEntity(entity) is not IEnumerable items)
            {
                continue;
            }

            var index = 0;
            foreach (var item in items)
            {
                AddRow(sql, list.TargetEntityType, item, entity, index++, text, parameters);
            }
        }
    }

    // A column of an owned part kept in the owner's row is read through the navigations that lead
    // to it; a part that is absent (an optional part not yet given) leaves its columns null.
    private static object? Read(Column column, object entity)
    {
        var holder = entity;
        foreach (var step in column.Path)
        {
            holder = step.GetGetter().GetClrValueUsingContainingEntity(holder);
            if (holder is null)
            {
                return null;
            }
        }

        return column.Property.GetGetter().GetClrValueUsingContainingEntity(holder);
    }

    private static Table Plan(IEntityType type, ISqlGenerationHelper sql)
    {
        var tableName = type.GetTableName() ?? throw new InvalidOperationException($"{type.DisplayName()} has no table.");
        var store = StoreObjectIdentifier.Table(tableName, type.GetSchema());
        var columns = new List<Column>();
        var lists = new List<INavigation>();
        AddColumns(type, store, [], columns, lists);
        var prefix = $"INSERT INTO {sql.DelimitIdentifier(tableName, type.GetSchema())} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))})\nVALUES (";
        return new Table(prefix, columns, lists);
    }

    private static void AddColumns(IEntityType type, StoreObjectIdentifier store, IReadOnlyList<INavigation> path, List<Column> columns, List<INavigation> lists)
    {
        foreach (var property in type.GetProperties())
        {
            var name = property.GetColumnName(store) ?? throw new InvalidOperationException($"{type.DisplayName()}.{property.Name} has no column in {store.Name}.");
            if (columns.Any(c => c.Name == name) || IsFilledByTheDatabase(property))
            {
                // The owner's key, shared by the parts kept in its row; or a column the database fills.
                continue;
            }

            var mapping = property.GetRelationalTypeMapping();
            if (!property.IsShadowProperty())
            {
                columns.Add(new Column(name, property, mapping, Source.Value, path, null));
            }
            else if (property.IsForeignKey() && type.FindOwnership() is { } ownership && ownership.Properties.Contains(property) && path.Count == 0)
            {
                columns.Add(new Column(name, property, mapping, Source.OwnerKey, path, ownership.PrincipalKey.Properties[ownership.Properties.ToList().IndexOf(property)]));
            }
            else if (property.Name == ListPosition.Column)
            {
                columns.Add(new Column(name, property, mapping, Source.Position, path, null));
            }
            else
            {
                throw new InvalidOperationException($"{type.DisplayName()}.{property.Name} is a shadow property that NewRows cannot fill.");
            }
        }

        foreach (var navigation in type.GetNavigations())
        {
            if (!navigation.ForeignKey.IsOwnership || navigation.IsOnDependent)
            {
                continue;
            }

            var target = navigation.TargetEntityType;
            if (navigation.IsCollection)
            {
                lists.Add(navigation);
            }
            else if (target.GetTableName() == store.Name && target.GetSchema() == store.Schema)
            {
                AddColumns(target, store, [.. path, navigation], columns, lists);
            }
            else
            {
                throw new InvalidOperationException($"{type.DisplayName()}.{navigation.Name} is kept in a table of its own, which NewRows does not write.");
            }
        }
    }

    private static bool IsFilledByTheDatabase(IProperty property)
    {
        if (property.ValueGenerated == ValueGenerated.Never || property.IsForeignKey())
        {
            return false;
        }

        if (property.GetDefaultValueSql() is not null || property.GetComputedColumnSql() is not null || property.GetValueGenerationStrategy() != Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.None)
        {
            return true;
        }

        throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} would be generated by the client, which NewRows does not do.");
    }

    private enum Source
    {
        Value,
        OwnerKey,
        Position,
    }

    private sealed record Column(string Name, IProperty Property, RelationalTypeMapping Mapping, Source Source, IReadOnlyList<INavigation> Path, IProperty? OwnerKey);

    private sealed record Table(string Prefix, IReadOnlyList<Column> Columns, IReadOnlyList<INavigation> Lists);
}
