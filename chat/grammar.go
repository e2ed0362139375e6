package chat

import (
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem/incident"
)

// OptionKind is the type of a command option, for platforms with typed
// options (Discord).
type OptionKind string

// Option kinds.
const (
	KindString   OptionKind = "string"
	KindInteger  OptionKind = "integer"
	KindUser     OptionKind = "user"
	KindDuration OptionKind = "duration"
)

// Option is one argument of a command.
type Option struct {
	Name        string
	Description string
	Kind        OptionKind
	Required    bool
	Choices     []string
}

// Def defines one /incident subcommand. Parser, help and Discord's command
// tree are generated from these definitions, so they cannot disagree.
type Def struct {
	Name    string
	Usage   string
	Summary string
	// TakesID: the command acts on one incident, named first or implied by the room.
	TakesID bool
	Options []Option
	parse   func(c *Command, args []string) error
}

// Command is a parsed /incident command.
type Command struct {
	Name     string
	ID       string // "" when left out (inside a room)
	Text     string // title, note text or resolve note
	Severity incident.Severity
	Service  string
	Target   string // escalate: "next" or a team; assign: the user
	Duration time.Duration
	Period   string // report: 7d or 30d; review: month or quarter
	Until    string // maintenance: the end time as typed
	OnCall   OnCallArgs
	From, To string // evidence: the period's ends as typed ("" for the default)
}

var idOption = Option{Name: "id", Description: "Incident ID, e.g. INC-7 (optional inside the incident's room)", Kind: KindString}

// Defs lists every /incident subcommand, in help order.
var Defs = []Def{
	{Name: "declare", Usage: "declare <title> [--sev 1-4] [--service NAME]", Summary: "open an incident by hand",
		Options: []Option{{Name: "title", Description: "What is wrong", Kind: KindString, Required: true},
			{Name: "sev", Description: "Severity 1 (worst) to 4", Kind: KindInteger, Choices: []string{"1", "2", "3", "4"}},
			{Name: "service", Description: "Affected service", Kind: KindString}},
		parse: parseDeclare},
	{Name: "ack", Usage: "ack [INC-n]", Summary: "acknowledge: you are on it", TakesID: true, parse: noArgs},
	{Name: "escalate", Usage: "escalate [INC-n] [next|TEAM]", Summary: "page the next step now, or a named team", TakesID: true,
		Options: []Option{{Name: "to", Description: "next, or a team name", Kind: KindString}}, parse: parseEscalate},
	{Name: "resolve", Usage: "resolve [INC-n] [note]", Summary: "close the incident, with an optional note", TakesID: true,
		Options: []Option{{Name: "note", Description: "What fixed it", Kind: KindString}}, parse: parseFreeText(false)},
	{Name: "note", Usage: "note [INC-n] <text>", Summary: "add a note to the timeline", TakesID: true,
		Options: []Option{{Name: "text", Description: "The note", Kind: KindString, Required: true}}, parse: parseFreeText(true)},
	{Name: "sev", Usage: "sev [INC-n] <1-4>", Summary: "change the severity", TakesID: true,
		Options: []Option{{Name: "level", Description: "Severity 1 (worst) to 4", Kind: KindInteger, Required: true, Choices: []string{"1", "2", "3", "4"}}},
		parse:   parseSev},
	{Name: "assign", Usage: "assign [INC-n] <@user>", Summary: "hand the incident to someone", TakesID: true,
		Options: []Option{{Name: "user", Description: "Who takes it", Kind: KindUser, Required: true}}, parse: parseAssign},
	{Name: "status", Usage: "status [INC-n]", Summary: "show the incident card", TakesID: true, parse: noArgs},
	{Name: "timeline", Usage: "timeline [INC-n]", Summary: "show everything that happened", TakesID: true, parse: noArgs},
	{Name: "list", Usage: "list", Summary: "open and acknowledged incidents", parse: noArgs},
	{Name: "oncall", Usage: OnCallUsage, Summary: "who is on call now and next, on each side; overrides and swaps (also `/oncall`)",
		Options: oncallOptions, parse: parseOnCall},
	{Name: "snooze", Usage: "snooze [INC-n] <duration>", Summary: "pause reminders, e.g. snooze 30m", TakesID: true,
		Options: []Option{{Name: "duration", Description: "How long, e.g. 30m or 2h", Kind: KindDuration, Required: true}}, parse: parseSnooze},
	{Name: "report", Usage: "report [7d|30d]", Summary: "response figures by side", Options: []Option{{Name: "period", Description: "7d or 30d", Kind: KindString, Choices: []string{"7d", "30d"}}},
		parse: parseReport},
	reviewDef,
	{Name: "maintenance", Usage: "maintenance <service>[,<service>] <duration>|until <time> [reason] | list | end MW-n",
		Summary: "hold back alerts of services during planned work", Options: []Option{
			{Name: "args", Description: "e.g. database 2h patching, list, or end MW-3", Kind: KindString, Required: true}},
		parse: parseMaintenance},
	{Name: "evidence", Usage: "evidence [from] [to]", Summary: "managers: the evidence pack of a period (default: 90 days) as a zip in the managers' channel",
		Options: []Option{{Name: "from", Description: "First day, e.g. 2026-10-01", Kind: KindString}, {Name: "to", Description: "Last day, included", Kind: KindString}},
		parse:   parseEvidence},
	{Name: "help", Usage: "help", Summary: "this list", parse: noArgs},
}

// Lookup returns the definition of a subcommand.
func Lookup(name string) (Def, bool) {
	for _, d := range Defs {
		if d.Name == name {
			return d, true
		}
	}
	return Def{}, false
}

// Options of a Def including the incident ID option when it takes one.
func (d Def) AllOptions() []Option {
	if !d.TakesID {
		return d.Options
	}
	return append([]Option{idOption}, d.Options...)
}

// Parse reads the text after "/incident". Errors are incident.EInvalid and
// say what was wrong and how to write it.
func Parse(text string) (Command, error) {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return Command{Name: "help"}, nil
	}
	name := strings.ToLower(fields[0])
	def, ok := Lookup(name)
	if !ok {
		return Command{}, incident.Errorf(incident.EInvalid, "unknown command %q. Try `/incident help`.", fields[0])
	}
	c := Command{Name: name}
	args := fields[1:]
	if def.TakesID && len(args) > 0 && looksLikeID(args[0]) {
		id, err := incident.ParseID(args[0])
		if err != nil {
			return Command{}, usageError(def, err.Error())
		}
		c.ID, args = id, args[1:]
	}
	if err := def.parse(&c, args); err != nil {
		return Command{}, usageError(def, err.Error())
	}
	return c, nil
}

func looksLikeID(s string) bool {
	return len(s) > 4 && strings.EqualFold(s[:4], "inc-")
}

func usageError(d Def, msg string) error {
	return incident.Errorf(incident.EInvalid, "%s. Usage: `/incident %s`", strings.TrimSuffix(msg, "."), d.Usage)
}

// Help lists every command, generated from Defs.
func Help() string {
	var b strings.Builder
	b.WriteString("*/incident* commands (inside an incident's room the ID may be left out):\n")
	for _, d := range Defs {
		fmt.Fprintf(&b, "• `/incident %s`: %s\n", d.Usage, d.Summary)
	}
	return strings.TrimRight(b.String(), "\n")
}
