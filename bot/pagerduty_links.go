package bot

import (
	"net/url"

	"github.com/tandemhq/tandem/incident"
)

// roomURL is a web link to the incident's room, for a page's client_url:
// Slack's app_redirect (which opens the channel in the app or the browser)
// or Discord's channel URL. Slack first, as the richer room; "" before a
// room exists or on a platform without such links.
func (b *Bot) roomURL(inc incident.Incident) string {
	if ch := inc.Room["slack"]; ch != "" {
		q := url.Values{"channel": {ch}}
		if b.cfg.Slack.TeamID != "" {
			q.Set("team", b.cfg.Slack.TeamID)
		}
		return "https://slack.com/app_redirect?" + q.Encode()
	}
	if ch, guild := inc.Room["discord"], b.cfg.Discord.GuildID; ch != "" && guild != "" {
		return "https://discord.com/channels/" + url.PathEscape(guild) + "/" + url.PathEscape(ch)
	}
	return ""
}

// serviceHosts maps each service with a host to it: a page's source.
func (b *Bot) serviceHosts() map[string]string {
	out := map[string]string{}
	for _, s := range b.cfg.Services {
		if s.Host != "" {
			out[s.Name] = s.Host
		}
	}
	return out
}
