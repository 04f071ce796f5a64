package workload

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Limits on spec values. A value outside them is an error: negative counts,
// zero where zero is impossible, and values so large they can only be typos.
// docs/spec.md gives the reason and source for each.
const (
	MinHoursPerMonth = 1
	MaxHoursPerMonth = 744 // 31 days × 24 h, the longest month

	MaxNameLen            = 100
	MaxComponentNameLen   = 63 // an RFC 1123 DNS label
	MaxPlatformEngineers  = 10000
	MaxEngineerCostPerYr  = 10_000_000
	MaxClusterEngineers   = 10000
	MaxMinNodes           = 5000 // Kubernetes' documented largest cluster
	MaxNATGateways        = 64
	MaxCPUPerDuration     = 64 // cpu_ms may be at most 64 × duration_ms (64 busy vCPUs)
	MaxGPU                = 16 // a typo guard: the largest GPU machines carry 8 to 16 (docs/spec.md)
	MaxStorageGB          = 1024 * 1024
	MaxDownstreamPerReq   = 10000
	MaxConcurrency        = 1000 // Cloud Run's highest per-instance concurrency
	MaxResponseKB         = 1024 * 1024
	MaxLatencySLOMS       = 3_600_000 // one hour
	LambdaMaxMemoryMB     = 10240
	LambdaMaxExecutionS   = 900
	MaxComponentsInSystem = 1000
)

// ComponentNamePattern is an RFC 1123 label: what Kubernetes accepts as a
// Service or Deployment name, and safe as a function name everywhere.
var ComponentNamePattern = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

// RegionPattern is the shape shared by AWS (us-east-1), GCP (us-central1) and
// Azure (eastus) region ids.
var RegionPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,30}[a-z0-9]$`)

// NodeTypePattern matches instance type names such as m5.large,
// e2-standard-4 or Standard_D4s_v5.
var NodeTypePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`)

// Validate reports every error in s, each at a YAML path such as
// "$.components[1].memory_mb". Run it after ApplyDefaults: it checks the
// values as they will be used.
func (s *Spec) Validate() []FieldError {
	var v validator
	if s.Version == 0 {
		v.add("$.version", "is required: add 'version: %d' at the top (this build reads version %d)", Version, Version)
	} else if s.Version != Version {
		v.add("$.version", "version %d is not supported: this build reads version %d only", s.Version, Version)
	}
	switch {
	case strings.TrimSpace(s.Name) == "":
		v.add("$.name", "is required: name the system (any text up to %d characters, e.g. acme)", MaxNameLen)
	case len(s.Name) > MaxNameLen:
		v.add("$.name", "is %d characters long (valid: up to %d)", len(s.Name), MaxNameLen)
	case strings.ContainsFunc(s.Name, isControl):
		v.add("$.name", "contains control characters (valid: printable text)")
	}
	if !RegionPattern.MatchString(s.Region) {
		v.add("$.region", "%q is not a region id (valid: lowercase letters, digits and hyphens, e.g. us-east-1)", s.Region)
	}
	v.rangeCheck("$.hours_per_month", s.HoursPerMonth, MinHoursPerMonth, MaxHoursPerMonth,
		"hours; 730 is the AWS calculator's month, 744 a 31-day month")

	s.validateEnvironments(&v)
	s.validateRules(&v)
	v.rangeCheck("$.team.platform_engineers", s.Team.PlatformEngineers, 0, MaxPlatformEngineers, "people")
	v.positive("$.team.engineer_cost_per_year", s.Team.EngineerCostPerYear, MaxEngineerCostPerYr, "USD a year, fully loaded")
	if s.Team.ClusterEngineers != nil {
		v.rangeCheck("$.team.cluster_engineers", *s.Team.ClusterEngineers, 0, MaxClusterEngineers, "people")
	}

	if s.Team.OpsHoursPerComponent != nil {
		v.rangeCheck("$.team.ops_hours_per_component", *s.Team.OpsHoursPerComponent, 0, MaxHoursPerMonth, "engineer-hours a month")
	}
	if s.Cloud != "" {
		enumCheck(&v, "$.cloud", s.Cloud, Clouds, "cloud")
	}
	if s.Platforms != nil && len(s.Platforms) == 0 {
		v.add("$.platforms", "is empty, so nothing would be compared: list some of %s, or leave it out to consider all", strings.Join(Platforms, ", "))
	}
	v.enumList("$.platforms", s.Platforms, Platforms, "platform")

	s.Kubernetes.validate(&v, "$.kubernetes")
	s.validatePurchase(&v)

	switch {
	case len(s.Components) == 0:
		v.add("$.components", "is required: list at least one component (each with a name and a type)")
	case len(s.Components) > MaxComponentsInSystem:
		v.add("$.components", "has %d components (valid: up to %s)", len(s.Components), Num(MaxComponentsInSystem))
	}
	hours := s.HoursPerMonth
	if !(hours >= MinHoursPerMonth && hours <= MaxHoursPerMonth) {
		hours = DefaultHoursPerMonth // already reported; judge the rest by a sane month
	}
	seen := map[string]int{}
	for i := range s.Components {
		c := &s.Components[i]
		p := fmt.Sprintf("$.components[%d]", i)
		if j, dup := seen[c.Name]; dup && c.Name != "" {
			v.add(p+".name", "%q is already the name of components[%d]: names must be unique", c.Name, j)
		} else {
			seen[c.Name] = i
		}
		c.validate(&v, p, hours)
	}
	s.validateCalls(&v)
	return v.errs
}

func (k KubeOptions) validate(v *validator, p string) {
	if k.MinNodes < 0 || k.MinNodes > MaxMinNodes {
		v.add(p+".min_nodes", "%d is out of range (valid: 0 to %s nodes; 0 = the simulator's default)", k.MinNodes, Num(MaxMinNodes))
	}
	if !(k.TargetUtilization >= 0 && k.TargetUtilization <= 1) {
		v.add(p+".target_utilization", "%s is out of range (valid: above 0 up to 1, a fraction of each node; e.g. 0.7)", Num(k.TargetUtilization))
	}
	seen := map[string]bool{}
	for i, t := range k.NodeTypes {
		ip := fmt.Sprintf("%s.node_types[%d]", p, i)
		switch {
		case !NodeTypePattern.MatchString(t):
			v.add(ip, "%q is not an instance type name (valid: e.g. m6i.large, e2-standard-4, Standard_D4s_v5)", t)
		case seen[t]:
			v.add(ip, "%q is listed twice", t)
		}
		seen[t] = true
	}
	if k.NATGateways != nil && (*k.NATGateways < 0 || *k.NATGateways > MaxNATGateways) {
		v.add(p+".nat_gateways", "%d is out of range (valid: 0 to %d; usually one per availability zone)", *k.NATGateways, MaxNATGateways)
	}
}

func (c *Component) validate(v *validator, p string, hours float64) {
	switch {
	case c.Name == "":
		v.add(p+".name", "is required: name the component with a lowercase DNS label (e.g. api)")
	case len(c.Name) > MaxComponentNameLen || !ComponentNamePattern.MatchString(c.Name):
		v.add(p+".name", "%q is not a lowercase DNS label (valid: up to %d of a-z, 0-9 and '-', starting and ending with a letter or digit, e.g. checkout-api)", c.Name, MaxComponentNameLen)
	}
	if c.Type == "" {
		v.add(p+".type", "is required (valid: %s)", joinAny(Types))
	} else {
		enumCheck(v, p+".type", c.Type, Types, "type")
	}
	enumCheck(v, p+".runtime", c.Runtime, Runtimes, "runtime")

	// More requests than seconds in the month × a billion is a typo, not a workload.
	maxReq := hours * 3600 * MaxRequestsPerSecondAbsurd
	if !(c.RequestsPerMonth >= 0 && c.RequestsPerMonth <= maxReq) {
		v.add(p+".requests_per_month", "%s is out of range (valid: 0 to %s, a billion a second over %s hours)",
			Num(c.RequestsPerMonth), Num(maxReq), Num(hours))
	}
	if !(c.DurationMS > 0 && c.DurationMS <= hours*3600*1000) {
		v.add(p+".duration_ms", "%s is out of range (valid: above 0 up to %s ms, the whole month)", Num(c.DurationMS), Num(hours*3600*1000))
	}
	if c.CPUMS != nil {
		cpu := *c.CPUMS
		if !(cpu >= 0 && cpu <= c.DurationMS*MaxCPUPerDuration) {
			v.add(p+".cpu_ms", "%s is out of range (valid: 0 to %d × duration_ms = %s; CPU time above wall time needs several busy threads)",
				Num(cpu), MaxCPUPerDuration, Num(c.DurationMS*MaxCPUPerDuration))
		}
	}
	if c.DurationP99MS != nil {
		p99, mean := *c.DurationP99MS, c.DurationMS
		top := math.Round(mean*MaxDurationP99Factor*1000) / 1000
		switch {
		case !(p99 > 0) || math.IsInf(p99, 0):
			v.add(p+".duration_p99_ms", "%s is out of range (valid: from duration_ms, %s, up to %s × duration_ms = %s ms)",
				Num(p99), Num(mean), Num(MaxDurationP99Factor), Num(top))
		case mean > 0 && p99 < mean:
			v.add(p+".duration_p99_ms", "%s ms is below the mean duration_ms %s: a lognormal's 99th percentile is at least its mean (valid: %s up to %s ms; equal to duration_ms for a constant service time)",
				Num(p99), Num(mean), Num(mean), Num(top))
		case mean > 0 && p99 > mean*MaxDurationP99Factor:
			v.add(p+".duration_p99_ms", "%s ms is %s × the mean duration_ms %s: no lognormal has a 99th percentile above %s × its mean (valid: %s up to %s ms)",
				Num(p99), Num(math.Round(p99/mean*100)/100), Num(mean), Num(MaxDurationP99Factor), Num(mean), Num(top))
		}
	}
	if !(c.MemoryMB > 0 && c.MemoryMB <= MaxMemoryMB) {
		v.add(p+".memory_mb", "%s is out of range (valid: above 0 up to %s MB; the largest function offering is %s MB on Lambda, the hard cap here is 1 TiB)",
			Num(c.MemoryMB), Num(MaxMemoryMB), Num(LambdaMaxMemoryMB))
	}
	v.errs = append(v.errs, c.Traffic.Validate(p+".traffic")...)
	switch {
	case !(c.MaxExecutionS > 0 && c.MaxExecutionS <= hours*3600):
		v.add(p+".max_execution_s", "%s is out of range (valid: above 0 up to %s s, the whole month)", Num(c.MaxExecutionS), Num(hours*3600))
	case c.MaxExecutionS*1000 < c.DurationMS:
		v.add(p+".max_execution_s", "%s s is shorter than the mean duration_ms %s: the longest execution is at least the mean (valid: %s or more)",
			Num(c.MaxExecutionS), Num(c.DurationMS), Num(c.DurationMS/1000))
	}
	v.rangeCheck(p+".latency_slo_p99_ms", c.LatencySLOP99MS, 0, MaxLatencySLOMS, "ms; 0 = no SLO")
	v.rangeCheck(p+".storage_gb", c.StorageGB, 0, MaxStorageGB, "GB")
	if c.GPU < 0 || c.GPU > MaxGPU {
		v.add(p+".gpu", "%d is out of range (valid: 0 to %d GPUs per replica, the most one machine offers)", c.GPU, MaxGPU)
	}
	v.enumList(p+".compliance", c.Compliance, CompliancePrograms, "compliance programme")
	enumCheck(v, p+".front_door", c.FrontDoor, FrontDoors, "front door")
	d := c.Downstream
	for _, f := range []struct {
		name string
		x    float64
	}{{"dynamodb_reads", d.DynamoDBReads}, {"dynamodb_writes", d.DynamoDBWrites}, {"s3_gets", d.S3Gets}, {"s3_puts", d.S3Puts}, {"sqs_messages", d.SQSMessages}} {
		v.rangeCheck(p+".downstream."+f.name, f.x, 0, MaxDownstreamPerReq, "calls per request")
	}
	if c.PodConcurrency < 0 || c.PodConcurrency > MaxConcurrency {
		v.add(p+".pod_concurrency", "%d is out of range (valid: 0 to %s requests at once per pod; 0 = the type's default)", c.PodConcurrency, Num(MaxConcurrency))
	}
	if c.Concurrency < 0 || c.Concurrency > MaxConcurrency {
		v.add(p+".concurrency", "%d is out of range (valid: 0 to %s requests at once per instance; 0 = each platform's default)", c.Concurrency, Num(MaxConcurrency))
	}
	v.rangeCheck(p+".response_kb", c.ResponseKB, 0, MaxResponseKB, "KB per response")
	c.validateData(v, p)
	c.validateConnections(v, p)
}

// Warnings reports what is valid but probably not what the user meant, or
// what rules some platforms out. Run it after ApplyDefaults.
func (s *Spec) Warnings() []FieldError {
	var v validator
	for _, p := range Platforms {
		if o := s.PurchaseFor(p); o != PurchaseOnDemand && !PurchasePriced(p) {
			v.add("$.purchase."+p, "%s is checked but not yet priced by analyze: the cluster's bills are on-demand (docs/purchase-options.md#status)", o)
		}
	}
	for i := range s.Components {
		c := &s.Components[i]
		p := fmt.Sprintf("$.components[%d]", i)
		if c.StorageGB > 0 && !c.Stateful {
			v.add(p+".storage_gb", "is ignored because the component is not stateful: add 'stateful: true' if it keeps this data")
		}
		if c.CPUMS != nil && *c.CPUMS > c.DurationMS && *c.CPUMS <= c.DurationMS*MaxCPUPerDuration {
			v.add(p+".cpu_ms", "%s is more than duration_ms %s: that needs %s busy threads for the whole request; check it is not a typo",
				Num(*c.CPUMS), Num(c.DurationMS), Num(math.Ceil(*c.CPUMS/c.DurationMS)))
		}
		if c.MemoryMB > LambdaMaxMemoryMB && c.MemoryMB <= MaxMemoryMB {
			v.add(p+".memory_mb", "%s MB is above Lambda's %s MB maximum: functions with less memory are left out", Num(c.MemoryMB), Num(LambdaMaxMemoryMB))
		}
		if c.MaxExecutionS > LambdaMaxExecutionS && c.MaxExecutionS <= s.HoursPerMonth*3600 {
			v.add(p+".max_execution_s", "%s s is above Lambda's %d s timeout: functions with shorter limits are left out", Num(c.MaxExecutionS), LambdaMaxExecutionS)
		}
		if c.DurationP99MS != nil && *c.DurationP99MS > c.MaxExecutionS*1000 && *c.DurationP99MS >= c.DurationMS && *c.DurationP99MS <= c.DurationMS*MaxDurationP99Factor {
			v.add(p+".duration_p99_ms", "%s ms is longer than max_execution_s %s s: more than 1 %% of requests would run past the longest execution", Num(*c.DurationP99MS), Num(c.MaxExecutionS))
		}
		if c.LatencySLOP99MS > 0 && c.LatencySLOP99MS < c.DurationMS {
			v.add(p+".latency_slo_p99_ms", "%s ms is below the mean duration_ms %s: most requests will miss it", Num(c.LatencySLOP99MS), Num(c.DurationMS))
		}
		if c.RequestsPerMonth == 0 && requestDriven(c.Type) {
			v.add(p+".requests_per_month", "is 0: with no requests, this %s costs only what it costs idle", c.Type)
		}
	}
	return v.errs
}

func requestDriven(t Type) bool {
	switch t {
	case TypeDatabase, TypeCache, TypeQueue, "":
		return false
	}
	return true
}

type validator struct{ errs []FieldError }

func (v *validator) add(path, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
}

// rangeCheck reports x outside [lo, hi] (NaN included).
func (v *validator) rangeCheck(path string, x, lo, hi float64, unit string) {
	if !(x >= lo && x <= hi) {
		v.add(path, "%s is out of range (valid: %s to %s %s)", Num(x), Num(lo), Num(hi), unit)
	}
}

// positive reports x outside (0, hi].
func (v *validator) positive(path string, x, hi float64, unit string) {
	if !(x > 0 && x <= hi) {
		v.add(path, "%s is out of range (valid: above 0 up to %s %s)", Num(x), Num(hi), unit)
	}
}

func enumCheck[T ~string](v *validator, path string, x T, valid []T, what string) {
	if !contains(valid, x) {
		msg := fmt.Sprintf("unknown %s %q (valid: %s)", what, x, joinAny(valid))
		if s := Closest(string(x), toStrings(valid)); s != "" {
			msg = fmt.Sprintf("unknown %s %q: did you mean %q? (valid: %s)", what, x, s, joinAny(valid))
		}
		v.errs = append(v.errs, FieldError{Path: path, Message: msg})
	}
}

func (v *validator) enumList(path string, xs, valid []string, what string) {
	seen := map[string]bool{}
	for i, x := range xs {
		ip := fmt.Sprintf("%s[%d]", path, i)
		if seen[x] {
			v.add(ip, "%q is listed twice", x)
			continue
		}
		seen[x] = true
		enumCheck(v, ip, x, valid, what)
	}
}

func joinAny[T ~string](xs []T) string { return strings.Join(toStrings(xs), ", ") }

func toStrings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// Closest returns the candidate that word was probably meant to be, or "" if
// none is close: the same letters ignoring case, '_' and '-'; an edit
// distance of at most 2 (1 for words of up to 4 letters); or a prefix of at
// least 3 letters.
func Closest(word string, candidates []string) string {
	norm := func(s string) string {
		return strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToLower(s))
	}
	nw := norm(word)
	best, bestD := "", math.MaxInt
	for _, c := range candidates {
		if norm(c) == nw {
			return c
		}
		if d := Levenshtein(strings.ToLower(word), c); d < bestD {
			best, bestD = c, d
		}
	}
	limit := 2
	if len(word) <= 4 {
		limit = 1
	}
	if best != "" && bestD <= limit {
		return best
	}
	if len(nw) >= 3 {
		for _, c := range candidates {
			if strings.HasPrefix(norm(c), nw) || strings.HasPrefix(nw, norm(c)) && len(norm(c)) >= 3 {
				return c
			}
		}
	}
	return ""
}

// Levenshtein is the edit distance between a and b, in bytes, counting a
// swap of two neighbours as one edit (optimal string alignment), so that
// "nmae" is one edit from "name".
func Levenshtein(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return max(len(a), len(b)) // long words are never "close"; keep it cheap
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// Num formats x for a message: thousands separated, no exponent for
// ordinary sizes (20000000 → 20,000,000; 0.5 → 0.5).
func Num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) >= 1e21 || (x != 0 && math.Abs(x) < 1e-6) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
