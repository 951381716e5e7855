using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Unotify.Sdk;

namespace Unotify.Sdk.Tests;

/// <summary>
/// Turns every change to the SDK's public surface into a visible diff: plugins built against 1.x must keep loading in
/// every 1.y host, so a change here has to be meant. To accept an intended change, run the tests with
/// UNOTIFY_ACCEPT_API=1 and commit the updated Unotify.Sdk.approved.txt.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void The_public_api_matches_the_approved_baseline()
    {
        var actual = PublicApiText.Describe(typeof(IEventProcessor).Assembly);
        var approvedPath = Path.Combine(SourceDirectory(), "Unotify.Sdk.approved.txt");

        if (Environment.GetEnvironmentVariable("UNOTIFY_ACCEPT_API") == "1")
        {
            File.WriteAllText(approvedPath, actual);
        }

        File.Exists(approvedPath).Should().BeTrue($"the baseline {approvedPath} must exist; create it with UNOTIFY_ACCEPT_API=1");
        actual.Should().Be(
            File.ReadAllText(approvedPath),
            "the SDK's public API changed; if that is intended, run the tests with UNOTIFY_ACCEPT_API=1 and commit Unotify.Sdk.approved.txt");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}

internal static class PublicApiText
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Describe(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(TypeHeader(type)).Append('\n');
            foreach (var member in type.GetMembers(Declared).Where(IsVisible).Select(Member).Where(m => m.Length > 0)
                         .Order(StringComparer.Ordinal))
            {
                text.Append("  ").Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !m.IsSpecialName || m is ConstructorInfo { IsPublic: true } || m is ConstructorInfo { IsFamily: true },
        PropertyInfo p => (p.GetMethod ?? p.SetMethod) is { } accessor && (accessor.IsPublic || accessor.IsFamily),
        FieldInfo f => f.IsPublic || f.IsFamily,
        EventInfo e => e.AddMethod is { IsPublic: true },
        Type t => t.IsNestedPublic,
        _ => false,
    };

    private static string TypeHeader(Type type)
    {
        var kind = type switch
        {
            { IsInterface: true } => "interface",
            { IsEnum: true } => "enum",
            { IsValueType: true } => "struct",
            { IsAbstract: true, IsSealed: true } => "static class",
            { IsAbstract: true } => "abstract class",
            { IsSealed: true } => "sealed class",
            _ => "class",
        };
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
        {
            bases.Add(Name(baseType));
        }

        bases.AddRange(type.GetInterfaces().Select(Name).Where(n => !n.StartsWith("System.IEquatable", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        return $"{kind} {Name(type)}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : "");
    }

    private static string Member(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"ctor({Parameters(c)})",
        MethodInfo m when m.Name == "<Clone>$" => "",
        MethodInfo m => $"{(m.IsStatic ? "static " : "")}{(m.IsAbstract && !m.DeclaringType!.IsInterface ? "abstract " : "")}{Name(m.ReturnType)} {m.Name}({Parameters(m)})",
        PropertyInfo p when p.Name == "EqualityContract" => "",
        PropertyInfo p => $"{Name(p.PropertyType)} {p.Name} {{ {(p.GetMethod is { IsPublic: true } ? "get; " : "")}{Setter(p)}}}",
        FieldInfo f when f.DeclaringType!.IsEnum => f.IsStatic ? $"{f.Name} = {Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}" : "",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{Name(f.FieldType)} {f.Name}{(f.IsLiteral ? " = " + f.GetRawConstantValue() : "")}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        Type t => $"nested {TypeHeader(t)}",
        _ => "",
    };

    private static string Setter(PropertyInfo property)
    {
        if (property.SetMethod is not { IsPublic: true } setter)
        {
            return "";
        }

        var isInit = setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit");
        return isInit ? "init; " : "set; ";
    }

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")}"));

    private static string Name(Type type)
    {
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition().FullName ?? type.Name;
            return definition[..definition.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
        }

        return (type.FullName ?? type.Name).Replace('+', '.');
    }
}
