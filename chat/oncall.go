package chat

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// On-call actions (OnCallArgs.Action); "" shows who is on call.
const (
	OnCallOverride = "override"
	OnCallRemove   = "override remove"
	OnCallSwap     = "swap"
)

// OnCallArgs are the arguments of `oncall override|swap` (and `/oncall`).
// Times are kept as typed: the handler reads them in the team's zone.
type OnCallArgs struct {
	Action string
	ID     string // override remove: "OV-3"
	Team   string
	Person string // the override's person, or the swap's first
	Other  string // the swap's second person
	// For lasts an override from now; Until (e.g. "18:00",
	// "2026-12-07 09:00") ends it at a wall time instead.
	For   time.Duration
	Until string
	Date  string // swap: "2006-01-02"
}

// oncallOptions are the typed options of `oncall` (Discord), in the order
// the text grammar takes them.
var oncallOptions = []Option{
	{Name: "action", Description: "override, override remove or swap (leave out to see who is on call)", Kind: KindString,
		Choices: []string{OnCallOverride, OnCallRemove, OnCallSwap}},
	{Name: "target", Description: "The team, or OV-n for override remove", Kind: KindString},
	{Name: "person", Description: "Who goes on call (override) or the first person (swap)", Kind: KindString},
	{Name: "with", Description: "swap: the second person", Kind: KindString},
	{Name: "when", Description: "override: 2h or until 18:00; swap: the date, 2026-12-07", Kind: KindString},
}

// OnCallUsage is how the oncall subcommands are written.
const OnCallUsage = "oncall [override <team> <person> <duration>|until <time> | override remove <OV-n> | swap <team> <person> <person> <date>]"

func parseOnCall(c *Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	switch strings.ToLower(args[0]) {
	case OnCallOverride:
		if len(args) > 1 && strings.EqualFold(args[1], "remove") {
			return parseOnCallRemove(c, args[2:])
		}
		return parseOnCallOverride(c, args[1:])
	case OnCallSwap:
		return parseOnCallSwap(c, args[1:])
	}
	return fmt.Errorf("unknown oncall action %q (use override, override remove or swap)", args[0])
}

func parseOnCallRemove(c *Command, args []string) error {
	if len(args) != 1 || !strings.HasPrefix(strings.ToUpper(args[0]), "OV-") {
		return errors.New("override remove needs one ID, e.g. OV-3")
	}
	c.OnCall = OnCallArgs{Action: OnCallRemove, ID: strings.ToUpper(args[0])}
	return nil
}

func parseOnCallOverride(c *Command, args []string) error {
	if len(args) < 3 {
		return errors.New("override needs a team, a person and a duration (2h) or until <time>")
	}
	a := OnCallArgs{Action: OnCallOverride, Team: strings.ToLower(args[0]), Person: args[1]}
	if strings.EqualFold(args[2], "until") {
		if len(args) == 3 {
			return errors.New("until needs a time, e.g. until 18:00 or until 2026-12-07 09:00")
		}
		a.Until = strings.Join(args[3:], " ")
	} else {
		d, err := time.ParseDuration(args[2])
		if err != nil || d <= 0 || len(args) > 3 {
			return fmt.Errorf("%q is not a duration like 2h or until <time>", strings.Join(args[2:], " "))
		}
		a.For = d
	}
	c.OnCall = a
	return nil
}

func parseOnCallSwap(c *Command, args []string) error {
	if len(args) != 4 {
		return errors.New("swap needs a team, two people and a date (2026-12-07)")
	}
	if _, err := time.Parse(time.DateOnly, args[3]); err != nil {
		return fmt.Errorf("%q is not a date like 2026-12-07", args[3])
	}
	if strings.EqualFold(args[1], args[2]) {
		return errors.New("swap needs two different people")
	}
	c.OnCall = OnCallArgs{Action: OnCallSwap, Team: strings.ToLower(args[0]), Person: args[1], Other: args[2], Date: args[3]}
	return nil
}
