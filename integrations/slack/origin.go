package slack

import (
	"fmt"
	"net/http"

	"github.com/tandemhq/tandem/chat"
)

// Requests carry the app they are for (api_app_id) and the workspace they
// came through (team_id; team.id in interactions), as Slack documents for
// slash commands, interactivity payloads and Events API callbacks (the
// fields of slack-go's SlashCommand, InteractionCallback and
// EventsAPICallbackEvent). With InboundOptions.AppID and TeamID set, a
// request for another app or from another installation is refused before
// it runs: the signing secret proves the request is Slack's, these prove it
// is this deployment's. A person from another organisation in a Slack
// Connect channel comes through the installing workspace (their own
// user.team_id differs) and, like everyone, acts only when mapped in config.

// foreign says why m is not for this deployment; "" when it is.
func (in *Inbound) foreign(m inbound) string {
	if m.challenge != "" || (m.key == "" && m.req.User == "") {
		return "" // a handshake or nothing to run: nothing to refuse
	}
	if want := in.opt.AppID; want != "" && m.app != want {
		return fmt.Sprintf("it is for Slack app %q, and this Tandem is app %s (slack.app_id)", m.app, want)
	}
	if want := in.opt.TeamID; want != "" && m.team != want {
		return fmt.Sprintf("it comes from Slack workspace %q, and this Tandem serves workspace %s (slack.team_id)", m.team, want)
	}
	return ""
}

// refuseForeign answers a foreign request over HTTP: a command gets a
// private answer saying why, anything else an empty 200 (Slack must not
// retry what will never be served). Nothing runs, nothing is recorded.
func (in *Inbound) refuseForeign(w http.ResponseWriter, r *http.Request, m inbound, why string) {
	in.log.Warn("refused a Slack request for another app or workspace", "path", r.URL.Path, "why", why)
	w.Header().Set("X-Slack-No-Retry", "1")
	if m.kind == kindCommand {
		writeMessage(w, foreignAnswer(why))
		return
	}
	w.WriteHeader(http.StatusOK)
}

func foreignAnswer(why string) []message {
	return messages(chat.Private("Tandem did nothing: " + why + "."))
}
