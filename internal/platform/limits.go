package platform

import (
	"fmt"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Limit is one hard limit of a platform for a component, from the catalog
// entry named in ID: zero Value means no limit.
type Limit struct {
	ID     string
	Value  float64
	Source string
}

// Limits are the execution-time and memory limits that apply to one
// component. Most platforms have one of each (limits.<id>.max_execution_s
// and .max_memory_mb, read by CatalogLimits); a platform whose limits depend
// on its plan or on how a component is triggered says so by implementing
// Limiter.
type Limits struct {
	// Execution holds every execution-time limit that applies: an
	// execution longer than any of them cannot run.
	Execution []Limit
	// MemoryMB is the largest memory an instance may have.
	MemoryMB Limit
}

// Limiter is a platform whose limits for a component are not just its
// catalog's max_execution_s and max_memory_mb.
type Limiter interface {
	Limits(cat *catalog.Catalog, comp workload.Component) Limits
}

// LimitsFor returns the limits platform id imposes on comp: its own rules
// when it is a Limiter, else the catalog's limits.<id>.max_execution_s and
// .max_memory_mb.
func LimitsFor(cat *catalog.Catalog, id string, comp workload.Component) Limits {
	if p, err := Get(id); err == nil {
		if l, ok := p.(Limiter); ok {
			return l.Limits(cat, comp)
		}
	}
	return CatalogLimits(cat, id)
}

// CatalogLimits reads limits.<id>.max_execution_s and .max_memory_mb.
func CatalogLimits(cat *catalog.Catalog, id string) Limits {
	var l Limits
	if e, ok := limit(cat, id, "max_execution_s"); ok && e.Value > 0 {
		l.Execution = append(l.Execution, e)
	}
	if e, ok := limit(cat, id, "max_memory_mb"); ok {
		l.MemoryMB = e
	}
	return l
}

func limit(cat *catalog.Catalog, id, key string) (Limit, bool) {
	e, err := cat.Get("limits." + id + "." + key)
	if err != nil {
		return Limit{}, false
	}
	return Limit{ID: e.ID, Value: e.Float(), Source: e.Source}, true
}

// Limits: an HTTP-triggered execution must also answer within Azure's HTTP
// response limit (230 s on every plan); a non-HTTP trigger on Flex
// Consumption has no execution limit, so only a plan that bounds it (the
// Consumption plan's 10 minutes) applies when Flex does not exist; memory
// is the larger of the two plans' (Flex's 4,096 MB instances).
func (AzureFunctions) Limits(cat *catalog.Catalog, comp workload.Component) Limits {
	l := CatalogLimits(cat, workload.PlatformAzureFunc)
	if comp.FrontDoor == workload.FrontDoorNone {
		if fe, ok := limit(cat, workload.PlatformAzureFunc, "max_execution_s_flex"); ok && fe.Value == 0 {
			l.Execution = nil // Flex Consumption: unbounded for non-HTTP triggers
		}
	} else if e, ok := limit(cat, workload.PlatformAzureFunc, "max_http_response_s"); ok && e.Value > 0 {
		l.Execution = append(l.Execution, e)
	}
	if e, ok := limit(cat, workload.PlatformAzureFunc, "max_memory_mb_flex"); ok && e.Value > l.MemoryMB.Value {
		l.MemoryMB = e
	}
	return l
}

// String says the limit the way people say it: "10 min", "230 s".
func (l Limit) String() string { return Seconds(l.Value) }

// Seconds formats a duration in seconds the way people say it.
func Seconds(s float64) string {
	switch {
	case s >= 3600 && int(s)%3600 == 0:
		return fmt.Sprintf("%d h", int(s)/3600)
	case s >= 60 && int(s)%60 == 0:
		return fmt.Sprintf("%d min", int(s)/60)
	case s >= 1:
		return fmt.Sprintf("%g s", s)
	default:
		return fmt.Sprintf("%g ms", s*1000)
	}
}
