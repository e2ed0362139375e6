// Package chat holds the platform-neutral shape of chat: the request a
// Slack, Discord or console message becomes, the response handlers give, and
// the /incident grammar with its definitions, from which the parser, the help
// text and Discord's command tree are all generated.
package chat
