package pricing

import (
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// LCU dimensions of an Application Load Balancer: one LCU-hour covers any one
// of these per hour (aws.amazon.com/elasticloadbalancing/pricing/, read via
// the api-evangelist transcription of 2026-09-20 and the page's worked
// example). See docs/pricing-aws.md.
const (
	ALBNewConnPerSecPerLCU    = 25.0   // new connections per second
	ALBActiveConnPerMinPerLCU = 3000.0 // active connections per minute (1,500 with mutual TLS)
	ALBGBPerHourPerLCU        = 1.0    // processed GB per hour for EC2/IP/container targets (0.4 for Lambda targets)
	ALBRuleEvalsPerSecPerLCU  = 1000.0 // rule evaluations per second
	ALBFreeRules              = 10     // rules processed free per request
)

// ALBLCUs is the LCUs one ALB consumes in an hour: the largest of its four
// dimensions. ruleEvalsPerSec is request rate × (rules processed − 10 free).
func ALBLCUs(newConnPerSec, activeConnPerMin, processedGBPerHour, ruleEvalsPerSec float64) float64 {
	return math.Max(math.Max(newConnPerSec/ALBNewConnPerSecPerLCU, activeConnPerMin/ALBActiveConnPerMinPerLCU),
		math.Max(processedGBPerHour/ALBGBPerHourPerLCU, ruleEvalsPerSec/ALBRuleEvalsPerSecPerLCU))
}

// ALB is a month of Application Load Balancers: Count load balancers running
// Hours each (a partial hour is billed as a full hour), each using LCUs on
// average per hour.
type ALB struct {
	Count, Hours, LCUs float64
}

// Bill prices the month.
func (x ALB) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("alb")
	u.nonNegative("count", x.Count)
	u.nonNegative("hours", x.Hours)
	u.nonNegative("lcus", x.LCUs)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	hour := l.Entry("aws.alb.hour")
	lcu := l.Entry("aws.alb.lcu_hour")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("alb", c)
	albHours := Dec(x.Count).Mul(Dec(x.Hours).Ceil())
	b.Add("ALB hours", albHours, "ALB-hour", hour, HalfUp)
	b.Add("LCU hours", albHours.Mul(Dec(x.LCUs)), "LCU-hour", lcu, HalfUp)
	return b, nil
}
