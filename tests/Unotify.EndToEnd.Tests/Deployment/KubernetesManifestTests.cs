using System.Text.Json.Nodes;
using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests.Deployment;

/// <summary>
/// deploy/kubernetes, checked as a schema check and the API server would check it (there is no kubeconform offline):
/// the fields every object needs, selectors that select, probes on the host's routes and the image's port, and names
/// that agree with the Dockerfile, the ConfigMap, the Secret and the host's settings.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly IReadOnlyList<JsonObject> Objects =
    [
        .. Directory.GetFiles(RecipeFiles.Folder("kubernetes"), "*.yaml")
            .Where(file => Path.GetFileName(file) != "kustomization.yaml")
            .SelectMany(RecipeFiles.Documents),
    ];

    [Fact]
    public void Every_object_has_an_api_version_a_kind_and_a_name()
    {
        Objects.Should().HaveCountGreaterThanOrEqualTo(7);
        foreach (var item in Objects)
        {
            ((string?)item["apiVersion"]).Should().NotBeNullOrEmpty(item.ToJsonString());
            ((string?)item["kind"]).Should().NotBeNullOrEmpty(item.ToJsonString());
            ((string?)item["metadata"]?["name"]).Should().MatchRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", item.ToJsonString());
        }

        Objects.Select(item => ((string)item["kind"]!, (string)item["metadata"]!["name"]!)).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void The_kustomization_applies_every_manifest_but_the_secret_example()
    {
        var kustomization = RecipeFiles.Documents(RecipeFiles.Folder("kubernetes", "kustomization.yaml")).Should().ContainSingle().Subject;
        var resources = kustomization["resources"]!.AsArray().Select(resource => (string)resource!).ToList();
        var manifests = Directory.GetFiles(RecipeFiles.Folder("kubernetes"), "*.yaml").Select(Path.GetFileName)
            .Where(file => file is not ("kustomization.yaml" or "secret.example.yaml"));
        resources.Should().BeEquivalentTo(manifests);
    }

    [Theory]
    [InlineData("unotify-serve", "serve")]
    [InlineData("unotify-work", "work")]
    public void A_deployment_runs_its_role_of_the_image_non_root_read_only_with_probes_on_the_hosts_routes(string name, string role)
    {
        var dockerfile = DockerfileModel.Read();
        var deployment = Single("Deployment", name);
        var spec = deployment["spec"]!;
        var template = spec["template"]!;
        Selects(spec["selector"]!["matchLabels"], template["metadata"]!["labels"]).Should().BeTrue("the selector matches the pods it makes");

        var pod = template["spec"]!;
        ((string)pod["securityContext"]!["runAsNonRoot"]!).Should().Be("true");
        ((string)pod["securityContext"]!["runAsUser"]!).Should().Be(dockerfile.User.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var container = pod["containers"]!.AsArray().Should().ContainSingle().Subject!;
        container["args"]!.AsArray().Select(arg => (string)arg!).Should().Equal(role);
        ((string)container["securityContext"]!["readOnlyRootFilesystem"]!).Should().Be("true");
        ((string)container["securityContext"]!["allowPrivilegeEscalation"]!).Should().Be("false");

        var port = container["ports"]!.AsArray().Should().ContainSingle().Subject!;
        ((string)port["containerPort"]!).Should().Be(dockerfile.ExposedPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (probe, path) in new[] { ("readinessProbe", "/readyz"), ("livenessProbe", "/healthz"), ("startupProbe", "/healthz") })
        {
            ((string)container[probe]!["httpGet"]!["path"]!).Should().Be(path, $"{name}'s {probe}");
            ((string)container[probe]!["httpGet"]!["port"]!).Should().Be((string)port["name"]!, $"{name}'s {probe} asks the container's port");
        }

        // The only writable places: an emptyDir on /tmp; the configuration read-only where the image's UNOTIFY_WORKERS looks.
        var volumes = pod["volumes"]!.AsArray().ToDictionary(volume => (string)volume!["name"]!, volume => volume!);
        var mounts = container["volumeMounts"]!.AsArray().ToDictionary(mount => (string)mount!["mountPath"]!, mount => mount!);
        volumes[(string)mounts["/tmp"]["name"]!]["emptyDir"].Should().NotBeNull();
        var workers = dockerfile.Runtime.Environment["UNOTIFY_WORKERS"];
        var config = mounts[Path.GetDirectoryName(workers)!];
        ((string)config["readOnly"]!).Should().Be("true");
        var configMap = volumes[(string)config["name"]!]["configMap"]!;
        var data = Single("ConfigMap", (string)configMap["name"]!)["data"]!.AsObject();
        var items = configMap["items"]!.AsArray().ToDictionary(item => (string)item!["path"]!, item => (string)item!["key"]!);
        items.Values.Should().BeEquivalentTo(data.Select(pair => pair.Key), "every file of the ConfigMap is mounted");
        items.Should().ContainKey(Path.GetFileName(workers));
        items.Should().ContainKey("statemachines/jira.hcl", "workers.yaml's statefile: jira.hcl is looked for in statemachines/ beside it");

        var secret = (string)container["envFrom"]![0]!["secretRef"]!["name"]!;
        var variables = (container["env"]?.AsArray() ?? []).Select(variable => (string)variable!["name"]!)
            .Concat(Single("Secret", secret)["stringData"]!.AsObject().Select(pair => pair.Key));
        variables.Should().OnlyContain(variable => RecipeFiles.IsReadByUnotify(variable), "every variable set is one Unotify reads");
    }

    [Theory]
    [InlineData("unotify-serve")]
    [InlineData("unotify-work")]
    public void A_pod_is_given_the_time_the_host_takes_to_finish_or_release_its_running_jobs(string name)
    {
        var pod = Single("Deployment", name)["spec"]!["template"]!["spec"]!;
        var preStop = pod["containers"]![0]!["lifecycle"]?["preStop"]?["exec"]?["command"]?.AsArray().Select(word => (string)word!).ToList();
        var pause = preStop is ["sleep", var seconds] ? TimeSpan.FromSeconds(int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)) : TimeSpan.Zero;
        var grace = TimeSpan.FromSeconds(int.Parse((string)pod["terminationGracePeriodSeconds"]!, System.Globalization.CultureInfo.InvariantCulture));
        grace.Should().BeGreaterThanOrEqualTo(RecipeFiles.StopBudget + pause);
    }

    [Fact]
    public void The_service_and_a_disruption_budget_select_the_serve_pods_and_nothing_else()
    {
        var serve = Single("Deployment", "unotify-serve")["spec"]!["template"]!["metadata"]!["labels"];
        var work = Single("Deployment", "unotify-work")["spec"]!["template"]!["metadata"]!["labels"];

        var service = Single("Service", "unotify")["spec"]!;
        Selects(service["selector"], serve).Should().BeTrue("the Service sends deliveries to the serve pods");
        Selects(service["selector"], work).Should().BeFalse("the work pods take no deliveries");
        var port = Single("Deployment", "unotify-serve")["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!;
        ((string)service["ports"]![0]!["targetPort"]!).Should().Be((string)port["name"]!);

        Objects.Where(item => (string)item["kind"]! == "PodDisruptionBudget")
            .Select(item => item["spec"]!["selector"]!["matchLabels"])
            .Should().Contain(selector => Selects(selector, serve) && !Selects(selector, work), "a PodDisruptionBudget keeps serve pods up");
    }

    [Fact]
    public void The_config_map_holds_the_repositorys_workers_file_and_state_machines_unchanged()
    {
        var data = Single("ConfigMap", "unotify-config")["data"]!;
        ((string)data["workers.yaml"]!).Should().Be(File.ReadAllText(RepositoryLayout.WorkersFile), "configmap.yaml is a copy of config/workers.yaml");
        ((string)data["jira.hcl"]!).Should().Be(File.ReadAllText(Path.Combine(RepositoryLayout.StateMachinesDirectory, "jira.hcl")), "configmap.yaml is a copy of config/statemachines/jira.hcl");
    }

    private static JsonObject Single(string kind, string name) =>
        Objects.Should().ContainSingle(item => (string)item["kind"]! == kind && (string)item["metadata"]!["name"]! == name, $"there is a {kind} {name}").Subject;

    /// <summary>Whether a label selector (matchLabels) selects pods with <paramref name="labels"/>.</summary>
    private static bool Selects(JsonNode? selector, JsonNode? labels) =>
        selector!.AsObject().Count > 0 && selector.AsObject().All(pair => (string?)labels![pair.Key] == (string?)pair.Value);
}
