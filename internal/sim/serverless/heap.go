package serverless

// event is a request completing at t on instance id.
type event struct {
	t  float64
	id int32
}

// evHeap is a 4-ary min-heap of completions keyed by time: no interfaces,
// no allocation once grown, O(log n) per push and pop with fewer levels
// (and cache misses) than a binary heap.
type evHeap []event

func (h *evHeap) push(e event) {
	*h = append(*h, e)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 4
		if s[p].t <= e.t {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = e
}

// pop removes and returns the earliest event; the heap must not be empty.
func (h *evHeap) pop() event {
	s := *h
	top := s[0]
	n := len(s) - 1
	last := s[n]
	s = s[:n]
	*h = s
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := c + 4
		if end > n {
			end = n
		}
		for j := c + 1; j < end; j++ {
			if s[j].t < s[m].t {
				m = j
			}
		}
		if s[m].t >= last.t {
			break
		}
		s[i] = s[m]
		i = m
	}
	s[i] = last
	return top
}

// ring is a growable double-ended queue.
type ring[T any] struct {
	buf        []T
	head, size int
}

func (r *ring[T]) len() int { return r.size }

func (r *ring[T]) grow() {
	n := len(r.buf) * 2
	if n == 0 {
		n = 16
	}
	nb := make([]T, n)
	for i := 0; i < r.size; i++ {
		nb[i] = r.buf[(r.head+i)&(len(r.buf)-1)]
	}
	r.buf, r.head = nb, 0
}

func (r *ring[T]) pushBack(x T) {
	if r.size == len(r.buf) {
		r.grow()
	}
	r.buf[(r.head+r.size)&(len(r.buf)-1)] = x
	r.size++
}

func (r *ring[T]) front() *T { return &r.buf[r.head] }

func (r *ring[T]) popFront() T {
	x := r.buf[r.head]
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.size--
	return x
}

func (r *ring[T]) popBack() T {
	r.size--
	return r.buf[(r.head+r.size)&(len(r.buf)-1)]
}

func (r *ring[T]) at(i int) T { return r.buf[(r.head+i)&(len(r.buf)-1)] }
