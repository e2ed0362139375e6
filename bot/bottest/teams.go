package bottest

import (
	"testing"

	"github.com/tandemhq/tandem/integrations/teams/teamstest"
)

// startTeams starts the fake Teams with its channels and returns the base
// URL the bot is configured with (through Via when set).
func (w *World) startTeams(t testing.TB, o *MSTeams) string {
	w.MSTeams = teamstest.Start(t)
	for id, name := range o.Channels {
		w.MSTeams.AddChannel(id, name)
	}
	if o.Before != nil {
		o.Before(w.MSTeams)
	}
	return o.Via.url(w.MSTeams.URL)
}

// TeamsThread waits for the first thread in the Teams channel and returns
// its root, the incident card.
func (w *World) TeamsThread(t testing.TB, channel string) teamstest.Message {
	t.Helper()
	var out teamstest.Message
	Eventually(t, wait, func() bool {
		if th := w.MSTeams.Threads(channel); len(th) > 0 {
			out = th[0]
			return true
		}
		return false
	}, "no thread in Teams channel %s", channel)
	return out
}
