package config

import "time"

// Service returns the service named name, or nil.
func (c *Config) Service(name string) *Service {
	for i := range c.Services {
		if c.Services[i].Name == name {
			return &c.Services[i]
		}
	}
	return nil
}

// TeamLocation is the zone of a team's rotation hand-off: its calendar's zone if it names one,
// else the top-level zone.
func (c *Config) TeamLocation(team string) *time.Location {
	if t := c.Teams[team]; t != nil && t.Calendar != "" {
		if cal := c.Calendars[t.Calendar]; cal != nil && cal.Location != nil {
			return cal.Location
		}
	}
	return c.Location
}
