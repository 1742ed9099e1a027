using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lessons.Configuration;

/// <summary>
/// Checks the keys of a JSON settings file against the properties of the type it is read into, before it is read:
/// an unknown key (a typo such as "backnd") is an error naming the file, its 1-based line and the nearest known key,
/// instead of a setting silently ignored. Also turns System.Text.Json's errors into the user's words.
/// </summary>
public static class ConfigurationKeys
{
    /// <summary>
    /// Every key of <paramref name="text"/> with its 1-based line ("backend" → 3, "openCl.device" → 4); throws
    /// <see cref="InvalidDataException"/> for a key <paramref name="type"/> does not have.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Check(string path, string text, Type type,
        JsonSerializerOptions options)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = options.ReadCommentHandling,
            AllowTrailingCommas = options.AllowTrailingCommas,
        });
        var lines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        // One frame per open object: the type it is read into (null: a value we do not look inside) and its path.
        var frames = new Stack<(Type? Type, string Path)>();
        Type? pending = type;
        var pendingPath = "";
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    frames.Push((pending, pendingPath));
                    pending = null;
                    break;
                case JsonTokenType.StartArray:
                    frames.Push((null, pendingPath));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    var (objectType, objectPath) = frames.Peek();
                    var key = reader.GetString()!;
                    var line = LineOf(bytes, (int)reader.TokenStartIndex);
                    var keyPath = objectPath.Length == 0 ? key : $"{objectPath}.{key}";
                    lines[keyPath] = line;
                    pendingPath = keyPath;
                    pending = null;
                    if (objectType is not null)
                    {
                        var known = KnownKeys(objectType);
                        var property =
                            known.FirstOrDefault(k => k.Name.Equals(key, StringComparison.OrdinalIgnoreCase));
                        if (property.Name is null)
                        {
                            var names = known.Select(k => k.Name).ToList();
                            var nearest = NearestName.Find(key, names);
                            throw new InvalidDataException(
                                $"Configuration file '{path}', line {line}: unknown key \"{keyPath}\"" +
                                (nearest is null ? "" : $"; did you mean \"{Join(objectPath, nearest)}\"?") +
                                $" The keys{(objectPath.Length == 0 ? "" : $" of \"{objectPath}\"")} are: " +
                                $"{string.Join(", ", names)}.");
                        }

                        pending = IsSection(property.Type) ? property.Type : null;
                    }

                    break;
            }
        }

        return lines;
    }

    /// <summary>A System.Text.Json error in the user's words: what was wrong, where (1-based line and column, the
    /// key), and what the file should look like.</summary>
    public static string Describe(string path, JsonException e)
    {
        var line = e.LineNumber is { } l ? $", line {l + 1}" : "";
        var column = e.BytePositionInLine is { } b ? $", column {b + 1}" : "";
        // A value of the wrong kind: the path names the key; its message would name a .NET type.
        var what = e.Path is { Length: > 2 } keyPath && e.InnerException is not JsonException
                   && e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? $"the value of \"{keyPath[2..]}\" is not of the kind that key takes"
            : FirstSentence(e.Message);
        return $"Configuration file '{path}' is not valid JSON{line}{column}: {what}. " +
            "Expected e.g. { \"backend\": \"cpu\" } or " +
            "{ \"backend\": \"opencl\", \"openCl\": { \"device\": \"0\" } }, with true/false for \"offline\" and a " +
            "string or null for folders and names.";
    }

    private static string Join(string objectPath, string key) => objectPath.Length == 0 ? key : $"{objectPath}.{key}";

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends " LineNumber: 0 | BytePositionInLine: 9." (0-based) and " Path: $…"; we say
        // where ourselves.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var pathAt = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (pathAt >= 0 && (cut < 0 || pathAt < cut))
        {
            cut = pathAt;
        }

        return (cut >= 0 ? message[..cut] : message).TrimEnd(' ', '.');
    }

    private static int LineOf(byte[] bytes, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < bytes.Length; i++)
        {
            line += bytes[i] == (byte)'\n' ? 1 : 0;
        }

        return line;
    }

    // A section is a nested settings object (such as "openCl"), whose keys are checked too.
    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    private static List<(string Name, Type Type)> KnownKeys(Type type) =>
    [
        .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => (JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType)),
    ];
}
