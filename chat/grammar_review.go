package chat

import (
	"errors"
	"strings"
)

// reviewDef is /incident review: the operational review of the last
// complete month or quarter, optionally of one service.
var reviewDef = Def{Name: "review", Usage: "review month|quarter [service]",
	Summary: "operational review of the last month or quarter, posted to the managers' channel (managers)",
	Options: []Option{{Name: "period", Description: "month or quarter", Kind: KindString, Required: true, Choices: []string{"month", "quarter"}},
		{Name: "service", Description: "Only this service", Kind: KindString}},
	parse: parseReview}

// parseReview reads "month|quarter [service]" into Period and Service.
func parseReview(c *Command, args []string) error {
	if len(args) == 0 || len(args) > 2 {
		return errors.New("review takes month or quarter, and optionally one service")
	}
	c.Period = strings.ToLower(args[0])
	if c.Period != "month" && c.Period != "quarter" {
		return errors.New("review takes month or quarter, not " + args[0])
	}
	if len(args) == 2 {
		c.Service = args[1]
	}
	return nil
}
