package workload

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Purchase options: how a platform's capacity is bought. docs/purchase-options.md
// says what each assumes.
const (
	PurchaseOnDemand = "on-demand"
	PurchaseSpot     = "spot"
	// AWS Compute Savings Plans: EC2 (any family), Fargate and Lambda, no upfront.
	PurchaseComputeSP1y = "compute-savings-plan-1y"
	PurchaseComputeSP3y = "compute-savings-plan-3y"
	// AWS EC2 Instance Savings Plans: one instance family in one region, no upfront.
	PurchaseEC2SP1y = "ec2-savings-plan-1y"
	PurchaseEC2SP3y = "ec2-savings-plan-3y"
	// AWS Standard Reserved Instances, by term and payment.
	PurchaseRI1yNoUpfront      = "reserved-1y-no-upfront"
	PurchaseRI1yPartialUpfront = "reserved-1y-partial-upfront"
	PurchaseRI1yAllUpfront     = "reserved-1y-all-upfront"
	PurchaseRI3yNoUpfront      = "reserved-3y-no-upfront"
	PurchaseRI3yPartialUpfront = "reserved-3y-partial-upfront"
	PurchaseRI3yAllUpfront     = "reserved-3y-all-upfront"
	// Compute Engine resource-based committed use discounts (GKE nodes).
	PurchaseCUD1y = "cud-1y"
	PurchaseCUD3y = "cud-3y"
	// Azure Reserved VM Instances (paid monthly or upfront, the same total).
	PurchaseReserved1y = "reserved-1y"
	PurchaseReserved3y = "reserved-3y"
)

// PurchaseOptions lists, per platform, the purchase options it offers,
// on-demand first. A platform not listed is bought on demand only.
var PurchaseOptions = map[string][]string{
	PlatformEKS: {PurchaseOnDemand, PurchaseSpot, PurchaseComputeSP1y, PurchaseComputeSP3y, PurchaseEC2SP1y, PurchaseEC2SP3y,
		PurchaseRI1yNoUpfront, PurchaseRI1yPartialUpfront, PurchaseRI1yAllUpfront,
		PurchaseRI3yNoUpfront, PurchaseRI3yPartialUpfront, PurchaseRI3yAllUpfront},
	PlatformGKE:     {PurchaseOnDemand, PurchaseSpot, PurchaseCUD1y, PurchaseCUD3y},
	PlatformAKS:     {PurchaseOnDemand, PurchaseSpot, PurchaseReserved1y, PurchaseReserved3y},
	PlatformLambda:  {PurchaseOnDemand, PurchaseComputeSP1y, PurchaseComputeSP3y},
	PlatformFargate: {PurchaseOnDemand, PurchaseSpot, PurchaseComputeSP1y, PurchaseComputeSP3y},
}

// DefaultSpotOnDemandShare is the share of a spot cluster's node-hours kept
// on on-demand capacity when the spec does not say (an assumption,
// docs/purchase-options.md#spot).
const DefaultSpotOnDemandShare = 0.2

// MaxCommittedNodes bounds kubernetes.committed_nodes (a typo guard: the
// largest documented cluster).
const MaxCommittedNodes = MaxMinNodes

// PurchaseFor is the purchase option the spec chooses for a platform
// (on-demand when it names none).
func (s *Spec) PurchaseFor(platformID string) string {
	if p, ok := s.Purchase[platformID]; ok && p != "" {
		return p
	}
	return PurchaseOnDemand
}

// IsCommitment reports whether an option is a 1- or 3-year commitment
// (a savings plan, a reservation or a committed use discount).
func IsCommitment(option string) bool {
	return option != PurchaseOnDemand && option != PurchaseSpot && option != ""
}

// TermYears is a commitment's term: 1 or 3 (0 for on-demand and spot).
func TermYears(option string) int {
	switch {
	case !IsCommitment(option):
		return 0
	case strings.Contains(option, "3y"):
		return 3
	default:
		return 1
	}
}

// PaysUpfront reports whether a commitment is paid partly or wholly
// upfront (the Reserved Instances' partial and all upfront options).
func PaysUpfront(option string) bool {
	return option == PurchaseRI1yPartialUpfront || option == PurchaseRI1yAllUpfront ||
		option == PurchaseRI3yPartialUpfront || option == PurchaseRI3yAllUpfront
}

func (s *Spec) validatePurchase(v *validator) {
	names := make([]string, 0, len(s.Purchase))
	for k := range s.Purchase {
		names = append(names, k)
	}
	sort.Strings(names)
	var offering []string
	for _, p := range Platforms {
		if _, ok := PurchaseOptions[p]; ok {
			offering = append(offering, p)
		}
	}
	for _, p := range names {
		path := "$.purchase." + p
		opt := s.Purchase[p]
		valid, ok := PurchaseOptions[p]
		switch {
		case !slices.Contains(Platforms, p):
			msg := fmt.Sprintf("unknown platform %q (valid: %s)", p, strings.Join(offering, ", "))
			if c := Closest(p, offering); c != "" {
				msg = fmt.Sprintf("unknown platform %q: did you mean %q? (valid: %s)", p, c, strings.Join(offering, ", "))
			}
			v.add(path, "%s", msg)
		case !ok:
			v.add(path, "%s is bought on demand only (purchase options exist for %s)", p, strings.Join(offering, ", "))
		case !slices.Contains(valid, opt):
			msg := fmt.Sprintf("%q is not a purchase option of %s (valid: %s)", opt, p, strings.Join(valid, ", "))
			if c := Closest(opt, valid); c != "" {
				msg = fmt.Sprintf("%q is not a purchase option of %s: did you mean %q? (valid: %s)", opt, p, c, strings.Join(valid, ", "))
			}
			v.add(path, "%s", msg)
		}
	}
	k := s.Kubernetes
	if k.SpotOnDemandShare != nil {
		v.rangeCheck("$.kubernetes.spot_on_demand_share", *k.SpotOnDemandShare, 0, 1, "as a share of the node-hours, e.g. 0.2")
	}
	if k.CommittedNodes != nil {
		v.rangeCheck("$.kubernetes.committed_nodes", float64(*k.CommittedNodes), 0, MaxCommittedNodes, "nodes")
	}
}
