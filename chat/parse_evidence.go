package chat

import "errors"

// parseEvidence reads `evidence [from] [to]`; the handler reads the dates
// (they need the reports' zone) and says what is wrong with one.
func parseEvidence(c *Command, args []string) error {
	if len(args) > 2 {
		return errors.New("evidence takes at most two dates: evidence [from] [to], e.g. evidence 2026-10-01 2026-12-31")
	}
	if len(args) > 0 {
		c.From = args[0]
	}
	if len(args) > 1 {
		c.To = args[1]
	}
	return nil
}
