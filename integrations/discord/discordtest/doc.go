// Package discordtest is a fake Discord for tests: a REST server speaking
// Discord's wire format for what Tandem uses (channels, messages, permission
// overwrites, guild command bulk overwrite, interaction follow-ups, guild
// channel listing, categories, moving and deleting channels, and the limits
// of 50 channels a category and 500 a server: see guild.go), with the
// bot-token check, Discord's error bodies, programmable 429s and failures,
// and a record of every call; and an interaction sender that signs requests
// with a generated Ed25519 key, as Discord does.
//
// Nothing here imports discordgo: the fake checks the JSON Tandem puts on
// the wire, not the library's idea of it.
package discordtest
