package incident

import (
	"strconv"
	"strings"
)

// RoomName returns the chat room name of an incident: "inc-<n>-<slug>",
// lowercase, only [a-z0-9-_], at most max characters (Slack allows 80,
// Discord 100). The slug is cut at a word boundary when it can be.
func RoomName(id string, title string, max int) string {
	prefix := "inc-" + strings.TrimPrefix(strings.ToLower(id), "inc-")
	slug := slugify(title)
	if slug == "" {
		return truncate(prefix, max)
	}
	name := prefix + "-" + slug
	if len(name) <= max {
		return name
	}
	name = name[:max]
	if i := strings.LastIndexByte(name, '-'); i > len(prefix) {
		name = name[:i]
	}
	return strings.TrimRight(name, "-_")
}

// RoomNameWithSuffix returns base with "-<k>" appended, still within max,
// for when a platform says the name is taken.
func RoomNameWithSuffix(base string, k, max int) string {
	suffix := "-" + strconv.Itoa(k)
	return strings.TrimRight(truncate(base, max-len(suffix)), "-_") + suffix
}

func slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

func truncate(s string, max int) string {
	if len(s) > max {
		return s[:max]
	}
	return s
}
