# Jira state machines for the projects of the `atlassian` worker (config/workers.yaml).
#
# Each Jira project is a `provisioner`, named with the project's lower-case key. Its `aliasmapper` gives every state
# the Jira status name it stands for (matched exactly as Jira returns it); its `statemachine` says where a ticket goes
# when an event fires: `state "<state>" "<event>" { transition = "<next state>" }`, with "<end>" meaning "done, nothing
# more to do". The aliasmapper and statemachine go inside the provisioner (devhop) or beside it with the same name (soc).
#
# Check a change with `unotify validate config/statemachines/jira.hcl`; draw it with `unotify graph …`.

provisioner "devhop" {
  aliasmapper "devhop" {
    aliases = {
      to_do: "To Do",
      in_progress: "In Progress",
      in_review: "In Review",
      done: "Done"
    }
  }

  statemachine "devhop" {
    initial = "to_do"

    state "to_do" "next" {
      transition = "in_progress"
    }

    state "in_progress" "next" {
      transition = "in_review"
    }

    state "in_progress" "prev" {
      transition = "to_do"
    }

    state "in_review" "next" {
      transition = "done"
    }

    state "in_review" "prev" {
      transition = "in_progress"
    }

    state "done" "next" {
      transition = "<end>"
    }

    state "done" "prev" {
      transition = "in_review"
    }
  }
}

provisioner "soc" {
}

aliasmapper "soc" {
  aliases = {
    to_do: "To Do",
    in_progress: "In Progress",
    done: "Done"
  }
}

statemachine "soc" {
  initial = "to_do"

  state "to_do" "next" {
    transition = "in_progress"
  }

  state "in_progress" "next" {
    transition = "done"
  }

  state "in_progress" "prev" {
    transition = "to_do"
  }

  state "done" "next" {
    transition = "<end>"
  }

  state "done" "prev" {
    transition = "in_progress"
  }
}
