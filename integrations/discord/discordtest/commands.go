package discordtest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// commandName is Discord's rule for command and option names (lowercase).
var commandName = regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)

func (s *Server) bulkOverwrite(r *http.Request, body []byte) (int, any) {
	var cmds []Command
	if err := json.Unmarshal(body, &cmds); err != nil {
		return invalidForm("body: %v", err)
	}
	if len(cmds) > 100 {
		return invalidForm("at most 100 commands")
	}
	app, guild := r.PathValue("app"), r.PathValue("guild")
	for i := range cmds {
		if msg := validCommand(cmds[i]); msg != "" {
			return invalidForm("%d: %s", i, msg)
		}
		cmds[i].ID, cmds[i].ApplicationID, cmds[i].GuildID = s.st.id(), app, guild
		if cmds[i].Type == 0 {
			cmds[i].Type = 1
		}
	}
	s.st.commands[app+"/"+guild] = cmds
	return http.StatusOK, cmds
}

func (s *Server) listCommands(r *http.Request, _ []byte) (int, any) {
	cmds := s.st.commands[r.PathValue("app")+"/"+r.PathValue("guild")]
	if cmds == nil {
		cmds = []Command{}
	}
	return http.StatusOK, cmds
}

// validCommand checks a chat-input command the way Discord does.
func validCommand(c Command) string {
	if !validName(c.Name) {
		return "name: invalid command name " + c.Name
	}
	if n := utf8.RuneCountInString(c.Description); n < 1 || n > 100 {
		return "description: must be between 1 and 100 in length"
	}
	return validOptions(c.Name, c.Options, 0)
}

// validOptions checks one level of options: at most 25, valid names and
// descriptions, unique names, required before optional, at most 25
// choices, and subcommands only at the top (depth 0; groups not used).
func validOptions(path string, opts []CommandOption, depth int) string {
	if len(opts) > 25 {
		return path + ".options: must be 25 or fewer in length"
	}
	seen := map[string]bool{}
	optional := false
	for _, o := range opts {
		p := path + "." + o.Name
		if msg := validOption(p, o, depth); msg != "" {
			return msg
		}
		if seen[o.Name] {
			return p + ": duplicate option name"
		}
		seen[o.Name] = true
		if o.Type != 1 && o.Required && optional {
			return p + ": required options must be placed before non-required options"
		}
		optional = optional || o.Type != 1 && !o.Required
		if o.Type == 1 {
			if msg := validOptions(p, o.Options, depth+1); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func validOption(p string, o CommandOption, depth int) string {
	switch {
	case !validName(o.Name):
		return p + ": invalid option name"
	case utf8.RuneCountInString(o.Description) < 1 || utf8.RuneCountInString(o.Description) > 100:
		return p + ".description: must be between 1 and 100 in length"
	case o.Type < 1 || o.Type > 11:
		return p + ".type: invalid option type"
	case o.Type == 1 && depth > 0:
		return p + ": subcommands only at the top level"
	case o.Type != 1 && len(o.Options) > 0:
		return p + ": only subcommands have options"
	case len(o.Choices) > 25:
		return p + ".choices: must be 25 or fewer in length"
	}
	for _, c := range o.Choices {
		if n := utf8.RuneCountInString(c.Name); n < 1 || n > 100 {
			return p + ".choices: a choice name is 1 to 100 long"
		}
	}
	return ""
}

func validName(name string) bool {
	return commandName.MatchString(name) && strings.ToLower(name) == name
}
