// Package discord is Tandem's Discord integration. Inbound, it verifies
// (Ed25519, before anything is parsed) and decodes interactions sent over
// HTTP (PING, the /incident command and its subcommands, the incident card's
// buttons) into platform-neutral chat requests, and answers them within
// Discord's 3-second deadline, deferring and following up when the work takes
// longer. Outbound, it carries out the chat effects of incidents on Discord:
// a text channel per incident under a category, the card as an embed with
// buttons edited in place, timeline entries as messages, invitations and
// team-channel posts. It also builds the /incident command tree from
// chat.Defs and registers it in a guild.
//
// No discordgo type leaves this package: callers see chat.Request,
// chat.Response, incident values and *chat.DeliveryError.
package discord
