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
	c, err := redistest.Dial(addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	out := map[string]string{}
	cursor := "0"
	for {
		res, err := c.Do("SCAN", cursor, "MATCH", prefix+"*", "COUNT", "1000")
		if err != nil {
			return nil, err
		}
		lines := strings.Split(res, "\n")
		cursor = lines[0]
		for _, key := range lines[1:] {
			if key == "" {
				continue
			}
			v, err := dumpKey(c, key)
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

func dumpKey(c *redistest.Conn, key string) (string, error) {
	typ, err := c.Do("TYPE", key)
	if err != nil {
		return "", err
	}
	var v string
	switch typ {
	case "string":
		v, err = c.Do("GET", key)
	case "hash":
		v, err = sortedPairs(c, "HGETALL", key)
	case "set":
		v, err = c.Do("SMEMBERS", key)
		v = sortLines(v)
	case "zset":
		v, err = c.Do("ZRANGE", key, "0", "-1", "WITHSCORES")
	case "stream":
		v, err = dumpStream(c, key)
	default:
		err = fmt.Errorf("unexpected type %q", typ)
	}
	return typ + "\n" + v, err
}

func sortedPairs(c *redistest.Conn, args ...string) (string, error) {
	res, err := c.Do(args...)
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

func dumpStream(c *redistest.Conn, key string) (string, error) {
	entries, err := c.Do("XRANGE", key, "-", "+")
	if err != nil {
		return "", err
	}
	groups, err := c.Do("XINFO", "GROUPS", key)
	if err != nil {
		return "", err
	}
	// entries-read and lag are hints Redis recomputes after loading an AOF.
	v := entries + "\ngroups:\n" + dropFields(groups, "entries-read", "lag")
	for _, g := range groupNames(groups) {
		// Extended form: id, consumer, idle ms, deliveries per entry.
		p, err := c.Do("XPENDING", key, g, "-", "+", "100000")
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

// dropFields removes name/value pairs from a flattened reply.
func dropFields(reply string, names ...string) string {
	lines := strings.Split(reply, "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		if slices.Contains(names, lines[i]) && i+1 < len(lines) {
			i++
			continue
		}
		out = append(out, lines[i])
	}
	return strings.Join(out, "\n")
}
