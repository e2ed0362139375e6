package handlers

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/evidence"
	"github.com/tandemhq/tandem/incident"
)

// EvidenceMaker makes the evidence pack of a period as a zip (the bot
// reads the store, the audit keys and the anchor file, as `tandem
// evidence` does).
type EvidenceMaker func(ctx context.Context, p evidence.Period) ([]byte, evidence.Result, error)

// EffectQueue is what the store offers to post effects outside any
// incident's change (the Redis store's outbox).
type EffectQueue interface {
	Enqueue(ctx context.Context, effects ...incident.Effect) error
}

// MaxEvidenceChat is the largest pack posted in chat: the outbox holds the
// file until it is delivered, and Discord takes 10 MB. Larger packs are
// for `tandem evidence`.
const MaxEvidenceChat = 8 << 20

// ReviewMarkdown renders the post-incident review of inc from the given
// timeline (the evidence pack's, read once for the review, the JSON and
// the verification alike), as Export does from the store.
func (s *Service) ReviewMarkdown(inc incident.Incident, events []incident.Event) []byte {
	return []byte(s.review(inc, events))
}

// evidenceCommand answers /incident evidence [from] [to]: managers only,
// the pack goes to the managers' channels as a file (it names every
// incident of the period, whatever side asked).
func evidenceCommand(s *Service, ctx context.Context, c call) (chat.Response, error) {
	if c.member.Team != ManagersTeam {
		return chat.Response{}, incident.Errorf(incident.EUnauthorized, "only managers may make an evidence pack (it holds every incident of the period, on both sides)")
	}
	q, ok := s.store.(EffectQueue)
	if s.opt.Evidence == nil || !ok {
		return chat.Response{}, incident.Errorf(incident.EInvalid, "evidence packs need Redis (redis.url); `tandem evidence` makes one from the command line")
	}
	if len(s.opt.Directory.Managers.Channels) == 0 {
		return chat.Response{}, incident.Errorf(incident.EInvalid, "no managers' channel is configured (managers.slack_channel, managers.discord_channel) to post the pack in; `tandem evidence` writes it to a file")
	}
	p, err := evidence.ParsePeriod(c.cmd.From, c.cmd.To, s.opt.Now(), s.ReportZone())
	if err != nil {
		return chat.Response{}, incident.Errorf(incident.EInvalid, "%v", err)
	}
	zip, res, err := s.opt.Evidence(ctx, p)
	if err != nil {
		return chat.Response{}, err
	}
	if len(zip) > MaxEvidenceChat {
		return chat.Response{}, incident.Errorf(incident.EInvalid, "the pack of this period is %.1f MB, more than the %d MB posted in chat: pick a shorter period, or run `tandem evidence`", float64(len(zip))/(1<<20), MaxEvidenceChat>>20)
	}
	text := evidenceText(p, res, s.ReportZone())
	if err := q.Enqueue(ctx, s.evidenceFiles(p, zip, text)...); err != nil {
		return chat.Response{}, err
	}
	return chat.Private(text + "\nPosted in the managers' channel (where a chat takes no files, a notice says how to get it)."), nil
}

// evidenceFiles are the posts of the pack to each managers' channel, with
// IDs from the moment it was made, so a delivery retried posts once.
func (s *Service) evidenceFiles(p evidence.Period, zip []byte, text string) []incident.Effect {
	name := fmt.Sprintf("evidence-%s-%s.zip", p.From.In(s.ReportZone()).Format(time.DateOnly), p.To.Add(-time.Second).In(s.ReportZone()).Format(time.DateOnly))
	noFiles := fmt.Sprintf("%s\n📎 This chat takes no files, so the pack is not attached here: `tandem evidence --from %s --to %s --out %s` writes it.",
		text, p.From.In(s.ReportZone()).Format(time.DateOnly), p.To.Add(-time.Second).In(s.ReportZone()).Format(time.DateOnly), name)
	data := map[string]string{incident.DataFilename: name, incident.DataContent: base64.StdEncoding.EncodeToString(zip), incident.DataNoFiles: noFiles}
	var out []incident.Effect
	for _, post := range s.managersPosts(fmt.Sprintf("evidence/%d", p.Made.UnixNano()), text) {
		out = append(out, incident.Effect{ID: post.ID, Kind: incident.EffectChannelFile, Platform: post.Platform,
			Channel: post.Channel, Team: post.Team, Text: text, Data: data})
	}
	return out
}

// evidenceText says what the pack holds and whether every timeline verified.
func evidenceText(p evidence.Period, res evidence.Result, loc *time.Location) string {
	verdict := "every timeline verified"
	if len(res.Failed) > 0 {
		verdict = fmt.Sprintf("⚠️ AUDIT FAILED for %s (audit/verification.txt names the entry)", strings.Join(res.Failed, ", "))
	}
	return fmt.Sprintf("📦 Evidence pack: incidents opened %s to %s (%d): %s. Manifest SHA-256 %s: keep it apart from the pack.",
		p.From.In(loc).Format("2006-01-02 15:04 MST"), p.To.In(loc).Format("2006-01-02 15:04 MST"), len(res.Verification), verdict, res.ManifestSHA256)
}
