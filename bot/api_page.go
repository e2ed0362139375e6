package bot

import (
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem/incident"
)

// Pages of GET /api/v1/incidents.
const (
	defaultPageLimit = 100
	maxPageLimit     = 1000
	cursorPrefix     = "v1:before:"
)

// listQuery is a parsed GET /api/v1/incidents query.
type listQuery struct {
	statuses []incident.Status
	limit    int
	before   int64 // incident number the page starts below; 0 from the newest
}

func parseListQuery(v url.Values) (listQuery, error) {
	q := listQuery{statuses: []incident.Status{incident.StatusOpen, incident.StatusAcked}, limit: defaultPageLimit}
	if s := v.Get("status"); s != "" {
		st, err := incident.ParseStatus(s)
		if err != nil {
			return q, errors.New("status: must be open, acked or resolved")
		}
		q.statuses = []incident.Status{st}
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPageLimit {
			return q, errors.New("limit: must be a whole number from 1 to 1000")
		}
		q.limit = n
	}
	if s := v.Get("cursor"); s != "" {
		n, ok := decodeCursor(s)
		if !ok {
			return q, errors.New("cursor: not a cursor from next_cursor; start again without it")
		}
		q.before = n
	}
	return q, nil
}

// A cursor is opaque to clients: the incident number the next page starts
// below, versioned and base64url-encoded so its form can change.
func encodeCursor(before int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.FormatInt(before, 10)))
}

func decodeCursor(s string) (int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, false
	}
	num, ok := strings.CutPrefix(string(b), cursorPrefix)
	n, err := strconv.ParseInt(num, 10, 64)
	return n, ok && err == nil && n > 0
}
