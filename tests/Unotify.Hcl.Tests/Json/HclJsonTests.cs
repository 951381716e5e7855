using Unotify.Hcl;

namespace Unotify.Hcl.Tests.Json;

public sealed class HclJsonTests
{
    private const string SeedStateMachine = """
        provisioner "soc" {                 # a Jira project, lower-case key
          aliasmapper "soc" {
            aliases = { to_do: "To Do", in_progress: "In Progress", done: "Done" }
          }
          statemachine "soc" {
            initial = "to_do"
            state "to_do" "next"       { transition = "in_progress" }
            state "in_progress" "next" { transition = "done" }
            state "in_progress" "prev" { transition = "to_do" }
            state "done" "next"        { transition = "<end>" }
          }
        }

        statemachine "ops" {
          initial = "open"
          state "open" "next" { transition = "<end>" }
        }
        """;

    [Fact]
    public void The_seed_state_machine_file_becomes_canonical_json()
    {
        var json = HclJson.Serialize(HclText.Parse(SeedStateMachine));

        json.Should().Be("""
            {
              "attributes": {},
              "blocks": [
                {
                  "type": "provisioner",
                  "labels": [
                    "soc"
                  ],
                  "body": {
                    "attributes": {},
                    "blocks": [
                      {
                        "type": "aliasmapper",
                        "labels": [
                          "soc"
                        ],
                        "body": {
                          "attributes": {
                            "aliases": {
                              "done": "Done",
                              "in_progress": "In Progress",
                              "to_do": "To Do"
                            }
                          },
                          "blocks": []
                        }
                      },
                      {
                        "type": "statemachine",
                        "labels": [
                          "soc"
                        ],
                        "body": {
                          "attributes": {
                            "initial": "to_do"
                          },
                          "blocks": [
                            {
                              "type": "state",
                              "labels": [
                                "to_do",
                                "next"
                              ],
                              "body": {
                                "attributes": {
                                  "transition": "in_progress"
                                },
                                "blocks": []
                              }
                            },
                            {
                              "type": "state",
                              "labels": [
                                "in_progress",
                                "next"
                              ],
                              "body": {
                                "attributes": {
                                  "transition": "done"
                                },
                                "blocks": []
                              }
                            },
                            {
                              "type": "state",
                              "labels": [
                                "in_progress",
                                "prev"
                              ],
                              "body": {
                                "attributes": {
                                  "transition": "to_do"
                                },
                                "blocks": []
                              }
                            },
                            {
                              "type": "state",
                              "labels": [
                                "done",
                                "next"
                              ],
                              "body": {
                                "attributes": {
                                  "transition": "<end>"
                                },
                                "blocks": []
                              }
                            }
                          ]
                        }
                      }
                    ]
                  }
                },
                {
                  "type": "statemachine",
                  "labels": [
                    "ops"
                  ],
                  "body": {
                    "attributes": {
                      "initial": "open"
                    },
                    "blocks": [
                      {
                        "type": "state",
                        "labels": [
                          "open",
                          "next"
                        ],
                        "body": {
                          "attributes": {
                            "transition": "<end>"
                          },
                          "blocks": []
                        }
                      }
                    ]
                  }
                }
              ]
            }
            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_dialect_reads_strings_and_objects_of_strings_as_constants()
    {
        var document = HclText.Parse(SeedStateMachine);
        var aliasmapper = document.Body.Blocks[0].Body.Blocks[0];

        aliasmapper.Body.FindAttribute("aliases")!.Value.TryGetConstant(out var aliases).Should().BeTrue();
        aliases.Should().Be(new HclObjectValue(new Dictionary<string, HclValue>
        {
            ["to_do"] = new HclStringValue("To Do"),
            ["in_progress"] = new HclStringValue("In Progress"),
            ["done"] = new HclStringValue("Done"),
        }));
        document.Body.Blocks[1].Body.FindAttribute("initial")!.Value.TryGetString(out var initial).Should().BeTrue();
        initial.Should().Be("open");
    }

    [Fact]
    public void Expressions_that_are_not_constant_keep_their_source_text_with_escapes()
    {
        HclText.Json("a = \"x ${y}\"\nb = <<EOT\n  ${z}\nEOT\n").Should().Be(
            """{"attributes":{"a":{"expr":"\"x ${y}\""},"b":{"expr":"<<EOT\n  ${z}\nEOT"}},"blocks":[]}""");
    }

    [Fact]
    public void Later_duplicate_object_keys_win_and_keys_are_sorted()
    {
        HclText.Value("{ b = 1, a = 2, b = 3 }").Should().Be("""{"a":2,"b":3}""");
    }

    [Fact]
    public void Very_deep_documents_still_serialize()
    {
        // Blocks and brackets share the nesting budget.
        var depth = (ParseSession.MaxDepth / 2) - 2;
        var text = string.Concat(Enumerable.Repeat("b {\n", depth)) + "a = " + new string('[', depth) + new string(']', depth) + "\n" + string.Concat(Enumerable.Repeat("}\n", depth));

        var json = HclJson.Serialize(HclText.Parse(text));

        json.Should().Contain("\"a\": [");
    }
}
