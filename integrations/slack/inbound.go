package slack

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/tandemhq/tandem/chat"
)

// InboundOptions configure what Slack sends Tandem.
type InboundOptions struct {
	// SigningSecret verifies HTTP requests (required for HTTP mode).
	SigningSecret string
	// Handle answers a request: handlers.Service.Handle.
	Handle func(ctx context.Context, req chat.Request) chat.Response
	// Claim returns true the first time it sees key (the store's
	// ClaimOnce), so a delivery Slack repeats runs once.
	Claim func(ctx context.Context, key string) (bool, error)
	// Context is the bot's: work that outlives Slack's 3 s runs on it (its
	// values, not its cancellation: a shutdown lets work in hand finish).
	Context context.Context
	// Now is the clock signatures are checked against (time.Now).
	Now func() time.Time
	// AckWithin is how long a slash command waits for its answer before
	// Slack is answered empty and the answer follows (DefaultAckWithin).
	AckWithin time.Duration
	// WorkTimeout bounds one handler run (DefaultWorkTimeout).
	WorkTimeout time.Duration
	// Reply answers an @mention in its thread: in the channel, or to the
	// asker only when the answer is ephemeral (Client.Reply).
	Reply func(ctx context.Context, channel, thread, user string, resp chat.Response) error
	// HTTPClient posts to response_url.
	HTTPClient *http.Client
	Logger     *slog.Logger
	// AppID and TeamID, when set, are the only app (api_app_id) and
	// installing workspace (team_id) whose requests are served (origin.go).
	AppID, TeamID string
}

// Inbound receives slash commands, buttons and events from Slack, over
// HTTP (its handlers) or Socket Mode (RunSocket). Both verify (HTTP) or
// trust the authenticated socket, decode, deduplicate and run the same way.
type Inbound struct {
	opt InboundOptions
	log *slog.Logger

	mu     sync.Mutex
	closed bool // Wait was called: no new work starts
	wg     sync.WaitGroup
}

// NewInbound returns the receiver of Slack's requests.
func NewInbound(opt InboundOptions) *Inbound {
	if opt.Context == nil {
		opt.Context = context.Background()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.AckWithin <= 0 {
		opt.AckWithin = DefaultAckWithin
	}
	if opt.WorkTimeout <= 0 {
		opt.WorkTimeout = DefaultWorkTimeout
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	return &Inbound{opt: opt, log: opt.Logger}
}

// Wait blocks until work still running for Slack has finished, so a
// shutdown does not close the store under it. No work starts after it.
func (in *Inbound) Wait() {
	in.mu.Lock()
	in.closed = true
	in.mu.Unlock()
	in.wg.Wait()
}

// goWork runs f in the background unless Wait was called; the lock orders
// every Add before Wait, as sync.WaitGroup requires.
func (in *Inbound) goWork(f func()) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.closed {
		return false
	}
	in.wg.Add(1)
	go func() {
		defer in.wg.Done()
		f()
	}()
	return true
}

// workContext is the bot's context without its cancellation, bounded: a
// shutdown lets a command in hand finish.
func (in *Inbound) workContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(in.opt.Context), in.opt.WorkTimeout)
}

// errDuplicate marks a delivery already seen.
var errDuplicate = errors.New("duplicate delivery")

// claim reports whether this delivery is new. A store failure is an error:
// running a command twice is worse than asking to try again.
func (in *Inbound) claim(ctx context.Context, m inbound) error {
	if m.key == "" || in.opt.Claim == nil {
		return nil
	}
	ok, err := in.opt.Claim(ctx, m.key)
	if err != nil {
		in.log.Error("idempotency claim failed", "key", m.key, "err", err)
		return err
	}
	if !ok {
		return errDuplicate
	}
	return nil
}

// run starts the handler on the bot's context and returns a channel that
// gets its answer.
func (in *Inbound) run(req chat.Request) <-chan chat.Response {
	done := make(chan chat.Response, 1)
	started := in.goWork(func() {
		ctx, cancel := in.workContext()
		defer cancel()
		done <- in.opt.Handle(ctx, req)
	})
	if !started {
		done <- chat.Private("Tandem is restarting; try again in a moment.")
	}
	return done
}

// command runs a slash command and returns what to answer at once: its
// answer when it comes within AckWithin, else nothing, and the answer
// follows through response_url.
func (in *Inbound) command(m inbound) []message {
	done := in.run(m.req)
	t := time.NewTimer(in.opt.AckWithin)
	defer t.Stop()
	select {
	case resp := <-done:
		msgs := messages(resp)
		if len(msgs) > 1 {
			in.postRest(m.responseURL, msgs[1:])
		}
		return msgs[:min(len(msgs), 1)]
	case <-t.C:
	}
	in.log.Info("slash command slower than Slack waits; its answer follows through response_url", "text", m.req.Text)
	in.later(m.responseURL, done)
	return nil
}

// action runs a button click. Slack ignores the body of the answer to a
// button, so it is acknowledged at once and answered through
// response_url. The answer is ephemeral: everyone sees what changed on
// the card and the timeline, the clicker also sees the reply.
func (in *Inbound) action(m inbound) {
	in.later(m.responseURL, in.run(m.req), func(r *chat.Response) { r.Ephemeral = true })
}

// mention runs "@Tandem <command>" and answers in its thread.
func (in *Inbound) mention(m inbound) {
	if m.req.User == "" || in.opt.Reply == nil {
		return
	}
	done := in.run(m.req)
	in.goWork(func() {
		resp := <-done
		ctx, cancel := in.workContext()
		defer cancel()
		if err := in.reply(ctx, m, resp); err != nil {
			in.log.Warn("answering a mention failed", "channel", m.req.Channel, "err", err)
		}
	})
}

// reply answers a mention, waiting its turn while the thread is busy (the
// incident's own entries are posted there too) or Slack says to slow down:
// the answer to "@Tandem resolve" must not be dropped because the resolve
// itself made the thread busy.
func (in *Inbound) reply(ctx context.Context, m inbound, resp chat.Response) error {
	for {
		err := in.opt.Reply(ctx, m.req.Channel, m.thread, m.req.User, resp)
		delay := chat.RetryDelay(err)
		if err == nil || delay <= 0 {
			return err
		}
		if serr := chat.Sleep(ctx, delay); serr != nil {
			return err
		}
	}
}

// later posts the answer through response_url once it comes.
func (in *Inbound) later(responseURL string, done <-chan chat.Response, edit ...func(*chat.Response)) {
	in.goWork(func() {
		resp := <-done
		for _, f := range edit {
			f(&resp)
		}
		ctx, cancel := in.workContext()
		defer cancel()
		in.respondLater(ctx, responseURL, messages(resp))
	})
}

// postRest posts the pages of a long answer after the first, which is the
// HTTP answer itself.
func (in *Inbound) postRest(responseURL string, msgs []message) {
	in.goWork(func() {
		ctx, cancel := in.workContext()
		defer cancel()
		in.respondLater(ctx, responseURL, msgs)
	})
}

// unavailable is the answer when a delivery cannot be checked for repeats.
func unavailable() []message {
	return messages(chat.Private("Tandem cannot reach its store right now, so it did nothing. Try again in a minute."))
}
