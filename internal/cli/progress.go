package cli

import (
	"fmt"
	"io"
	"math"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// Long commands (analyze, breakeven, plan, fleet, trace synth, catalog
// import, report) show how far they have got on the terminal: a bar with a
// percentage and the time left when the terminal's width is known, a plain
// line rewritten in place when it is not, and nothing at all when stderr is
// not a terminal (State.Progress nil). The bar is drawn on stderr, so
// stdout carries the result alone even when it is a terminal too.

// progressSteps is the bar's resolution.
const progressSteps = 1000

// progressBar is one command's progress; a nil *progressBar does nothing.
type progressBar struct {
	mu    sync.Mutex
	p     *mpb.Progress
	bar   *mpb.Bar
	plain *plainProgress
	last  float64
}

// startProgress starts a bar named what ("planning", "analysing", ...) on
// st.Progress, or returns nil when there is no terminal to draw on.
func startProgress(st *State, what string) *progressBar {
	if st.Progress == nil {
		return nil
	}
	width := 0
	if st.ProgressWidth != nil {
		width = st.ProgressWidth()
	}
	if width <= 0 {
		pl := &plainProgress{w: st.Progress, what: what, start: time.Now()}
		pl.draw(0)
		return &progressBar{plain: pl}
	}
	p := mpb.New(mpb.WithOutput(st.Progress), mpb.WithWidth(min(40, max(10, width-50))), mpb.WithAutoRefresh(), mpb.WithRefreshRate(100*time.Millisecond))
	bar := p.AddBar(progressSteps,
		mpb.PrependDecorators(decor.Name(what+" ", decor.WCSyncSpaceR)),
		mpb.AppendDecorators(decor.Percentage(decor.WC{W: 5}), decor.Name("  "), decor.Any(timeLeft(time.Now()))))
	return &progressBar{p: p, bar: bar}
}

// timeLeft estimates the time left from the average pace since start; it
// says nothing before 2 % is done or in the first second (too early to
// tell), and "done" at the end.
func timeLeft(start time.Time) decor.DecorFunc {
	return func(s decor.Statistics) string {
		if s.Completed {
			return "done"
		}
		el := time.Since(start)
		if s.Total <= 0 || s.Current*50 < s.Total || el < time.Second {
			return ""
		}
		left := time.Duration(float64(el) * float64(s.Total-s.Current) / float64(s.Current))
		return "about " + left.Round(time.Second).String() + " left"
	}
}

// set moves the bar to fraction done (0 to 1; it never moves back).
func (b *progressBar) set(done float64) {
	if b == nil || math.IsNaN(done) {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	done = min(max(done, b.last), 1)
	b.last = done
	if b.plain != nil {
		b.plain.draw(done)
		return
	}
	// Completion waits for finish: the bar then shows 100 % and "done".
	b.bar.SetCurrent(min(int64(done*progressSteps), progressSteps-1))
}

// steps returns a callback reporting step done of total.
func (b *progressBar) steps() func(done, total int) {
	return func(done, total int) {
		if total > 0 {
			b.set(float64(done) / float64(total))
		}
	}
}

// finish ends the bar: complete when err is nil, abandoned (left as it
// was) otherwise. It waits for the last frame.
func (b *progressBar) finish(err error) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.plain != nil {
		b.plain.end(err == nil)
		return
	}
	if err == nil {
		b.bar.SetCurrent(progressSteps)
	} else {
		b.bar.Abort(false)
	}
	b.p.Wait()
}

// plainProgress is the fallback for a terminal of unknown width: one short
// line, rewritten with a carriage return at most every 200 ms.
type plainProgress struct {
	w     io.Writer
	what  string
	start time.Time
	drawn time.Time
}

func (p *plainProgress) draw(done float64) {
	now := time.Now()
	if !p.drawn.IsZero() && now.Sub(p.drawn) < 200*time.Millisecond {
		return
	}
	p.drawn = now
	left := ""
	if el := now.Sub(p.start); done >= 0.02 && el > time.Second {
		left = fmt.Sprintf(", about %s left", (time.Duration(float64(el) * (1 - done) / done)).Round(time.Second))
	}
	fmt.Fprintf(p.w, "\r%s %3.0f%%%s   ", p.what, done*100, left)
}

func (p *plainProgress) end(ok bool) {
	if ok {
		fmt.Fprintf(p.w, "\r%s 100%%, done in %s   \n", p.what, time.Since(p.start).Round(100*time.Millisecond))
		return
	}
	fmt.Fprintln(p.w)
}

// stopped is the context's error once the user has interrupted the
// command: a long step that cannot be stopped half-way checks it before
// writing anything.
func stopped(st *State) error {
	if st.Ctx == nil {
		return nil
	}
	return st.Ctx.Err()
}
