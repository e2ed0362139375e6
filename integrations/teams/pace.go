package teams

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/tandemhq/tandem/chat"
)

// Teams limits each bot per thread (conversation) to 7 messages a second,
// 8 in 2 s, 60 in 30 s and 1,800 an hour ("Rate limiting for bots"). One
// message every 500 ms keeps within all four; a 429 from Teams (several
// replicas, other limits) is retried after its Retry-After by the outbox.
const (
	paceEvery   = 500 * time.Millisecond
	paceMaxWait = 2 * time.Second
)

// pacer spaces the calls to one conversation, in process.
type pacer struct {
	mu   sync.Mutex
	next map[string]time.Time
}

// wait takes conv's next turn: it sleeps when the turn comes within
// paceMaxWait, else returns chat.WaitFor so the outbox tries again later
// without counting a failed attempt.
func (p *pacer) wait(ctx context.Context, conv string) error {
	p.mu.Lock()
	if p.next == nil {
		p.next = map[string]time.Time{}
	}
	now := time.Now()
	at := now
	if n := p.next[conv]; n.After(now) {
		at = n
	}
	delay := at.Sub(now)
	if delay > paceMaxWait {
		p.mu.Unlock()
		return chat.WaitFor(delay, errors.New("teams: conversation "+conv+" is busy; keeping to Teams' pace per thread"))
	}
	p.next[conv] = at.Add(paceEvery)
	p.mu.Unlock()
	return chat.Sleep(ctx, delay)
}
