package chat

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem/incident"
)

func noArgs(c *Command, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%s takes no arguments (got %q)", c.Name, strings.Join(args, " "))
	}
	return nil
}

func parseDeclare(c *Command, args []string) error {
	var title []string
	for i := 0; i < len(args); i++ {
		switch a := strings.ToLower(args[i]); {
		case a == "--sev" || a == "--service":
			if i+1 >= len(args) {
				return fmt.Errorf("%s needs a value", a)
			}
			i++
			if a == "--service" {
				c.Service = args[i]
				continue
			}
			sev, err := parseSevValue(args[i])
			if err != nil {
				return err
			}
			c.Severity = sev
		case strings.HasPrefix(a, "--"):
			return fmt.Errorf("unknown flag %s (use --sev or --service)", args[i])
		default:
			title = append(title, args[i])
		}
	}
	c.Text = strings.Join(title, " ")
	if c.Text == "" {
		return errors.New("declare needs a title")
	}
	return nil
}

func parseSevValue(v string) (incident.Severity, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(v), "sev"))
	if err != nil || n < 1 || n > 4 {
		return 0, fmt.Errorf("severity %q must be 1, 2, 3 or 4", v)
	}
	return incident.Severity(n), nil
}

func parseSev(c *Command, args []string) error {
	if len(args) != 1 {
		return errors.New("sev needs one level, 1 to 4")
	}
	sev, err := parseSevValue(args[0])
	c.Severity = sev
	return err
}

func parseEscalate(c *Command, args []string) error {
	switch len(args) {
	case 0:
		c.Target = "next"
	case 1:
		c.Target = strings.ToLower(args[0])
	default:
		return errors.New("escalate takes at most one target: next or a team name")
	}
	return nil
}

func parseFreeText(required bool) func(c *Command, args []string) error {
	return func(c *Command, args []string) error {
		c.Text = strings.Join(args, " ")
		if required && c.Text == "" {
			return fmt.Errorf("%s needs text", c.Name)
		}
		return nil
	}
}

func parseAssign(c *Command, args []string) error {
	if len(args) != 1 {
		return errors.New("assign needs one person, e.g. @alice")
	}
	c.Target = strings.TrimPrefix(args[0], "@")
	// Slack writes mentions as <@U123|name>; keep the ID.
	if strings.HasPrefix(c.Target, "<@") {
		c.Target = strings.TrimSuffix(strings.TrimPrefix(c.Target, "<@"), ">")
		c.Target, _, _ = strings.Cut(c.Target, "|")
	}
	if c.Target == "" {
		return errors.New("assign needs a person")
	}
	return nil
}

func parseSnooze(c *Command, args []string) error {
	if len(args) != 1 {
		return errors.New("snooze needs one duration, e.g. 30m")
	}
	d, err := time.ParseDuration(args[0])
	if err != nil || d <= 0 {
		return fmt.Errorf("%q is not a duration like 30m or 2h", args[0])
	}
	if d > 24*time.Hour {
		return errors.New("snooze for at most 24h")
	}
	c.Duration = d
	return nil
}

func parseReport(c *Command, args []string) error {
	c.Period = "7d"
	switch {
	case len(args) == 0:
	case len(args) == 1 && (args[0] == "7d" || args[0] == "30d"):
		c.Period = args[0]
	default:
		return errors.New("report takes 7d or 30d")
	}
	return nil
}
