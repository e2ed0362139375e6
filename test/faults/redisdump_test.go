package faults

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tandemhq/tandem/redisstore/redistest"
)

// dump reads every key under prefix from the Redis at addr, straight over
// RESP (not through the code under test): key → its type and content.
// Stream consumer groups are included with their pending entries (less
// their idle times, which change by themselves).
func dump(addr, prefix string) (map[string]string, error) {
	out := map[string]string{}
	cursor := "0"
	for {
		res, err := redistest.Command(addr, "SCAN", cursor, "MATCH", prefix+"*", "COUNT", "1000")
		if err != nil {
			return nil, err
		}
		lines := strings.Split(res, "\n")
		cursor = lines[0]
		for _, key := range lines[1:] {
			if key == "" {
				continue
			}
			v, err := dumpKey(addr, key)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			out[key] = v
		}
		if cursor == "0" {
			return out, nil
		}
	}
}

func dumpKey(addr, key string) (string, error) {
	typ, err := redistest.Command(addr, "TYPE", key)
	if err != nil {
		return "", err
	}
	var v string
	switch typ {
	case "string":
		v, err = redistest.Command(addr, "GET", key)
	case "hash":
		v, err = sortedPairs(addr, "HGETALL", key)
	case "set":
		v, err = redistest.Command(addr, "SMEMBERS", key)
		v = sortLines(v)
	case "zset":
		v, err = redistest.Command(addr, "ZRANGE", key, "0", "-1", "WITHSCORES")
	case "stream":
		v, err = dumpStream(addr, key)
	default:
		err = fmt.Errorf("unexpected type %q", typ)
	}
	return typ + "\n" + v, err
}

func sortedPairs(addr string, args ...string) (string, error) {
	res, err := redistest.Command(addr, args...)
	if err != nil {
		return "", err
	}
	lines := strings.Split(res, "\n")
	var pairs []string
	for i := 0; i+1 < len(lines); i += 2 {
		pairs = append(pairs, lines[i]+"="+lines[i+1])
	}
	slices.Sort(pairs)
	return strings.Join(pairs, "\n"), nil
}

func sortLines(s string) string {
	lines := strings.Split(s, "\n")
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func dumpStream(addr, key string) (string, error) {
	entries, err := redistest.Command(addr, "XRANGE", key, "-", "+")
	if err != nil {
		return "", err
	}
	groups, err := redistest.Command(addr, "XINFO", "GROUPS", key)
	if err != nil {
		return "", err
	}
	v := entries + "\ngroups:\n" + groups
	for _, g := range groupNames(groups) {
		// Extended form: id, consumer, idle ms, deliveries per entry.
		p, err := redistest.Command(addr, "XPENDING", key, g, "-", "+", "100000")
		if err != nil {
			return "", err
		}
		lines := strings.Split(p, "\n")
		for i := 0; i+3 < len(lines); i += 4 {
			v += fmt.Sprintf("\npending %s %s %s deliveries %s", g, lines[i], lines[i+1], lines[i+3])
		}
	}
	return v, nil
}

// groupNames picks the names out of a flattened XINFO GROUPS reply.
func groupNames(info string) []string {
	var out []string
	lines := strings.Split(info, "\n")
	for i := 0; i+1 < len(lines); i++ {
		if lines[i] == "name" {
			out = append(out, lines[i+1])
		}
	}
	return out
}

// lostKeys compares what was read before a crash with what came back
// after it: keys missing or different, each with a short reason.
func lostKeys(before, after map[string]string) []string {
	var out []string
	for k, v := range before {
		got, ok := after[k]
		switch {
		case !ok:
			out = append(out, k+": missing")
		case got != v:
			out = append(out, k+": differs")
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			out = append(out, k+": not there before")
		}
	}
	slices.Sort(out)
	return out
}
