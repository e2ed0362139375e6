package chat

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Maintenance subcommands (Command.Target of the maintenance command).
const (
	MaintenanceOpen = "open"
	MaintenanceList = "list"
	MaintenanceEnd  = "end"
)

// parseMaintenance reads `maintenance <svc>[,<svc>] <duration>|until <time>
// [reason]`, `maintenance list` and `maintenance end MW-n`. The services
// go to Service (comma-separated), the window ID of end to Text, the
// reason to Text; until's time stays text (Until): its zone is the bot's.
func parseMaintenance(c *Command, args []string) error {
	if len(args) == 0 {
		return errors.New("maintenance needs services and a duration, `list`, or `end MW-n`")
	}
	switch strings.ToLower(args[0]) {
	case MaintenanceList:
		if len(args) > 1 {
			return errors.New("maintenance list takes nothing more")
		}
		c.Target = MaintenanceList
		return nil
	case MaintenanceEnd:
		if len(args) != 2 {
			return errors.New("maintenance end needs one window ID, e.g. MW-3")
		}
		c.Target, c.Text = MaintenanceEnd, args[1]
		return nil
	}
	return parseMaintenanceOpen(c, args)
}

func parseMaintenanceOpen(c *Command, args []string) error {
	c.Target, c.Service = MaintenanceOpen, strings.Trim(args[0], ",")
	if len(args) < 2 {
		return errors.New("say how long: a duration like 2h, or until 18:00")
	}
	rest := args[2:]
	if strings.EqualFold(args[1], "until") {
		if len(args) < 3 {
			return errors.New("until needs a time, e.g. until 18:00 or until 2026-12-05T18:00")
		}
		c.Until, rest = args[2], args[3:]
	} else {
		d, err := time.ParseDuration(args[1])
		if err != nil || d <= 0 {
			return fmt.Errorf("%q is not a duration like 90m or 4h (or write until 18:00)", args[1])
		}
		c.Duration = d
	}
	c.Text = strings.Join(rest, " ")
	return nil
}
