package priceimport

import (
	"regexp"
	"slices"
	"strings"
)

// Family classes. A type has one primary class (general, compute, memory,
// storage, gpu, other) and may have the modifiers burstable and arm.
const (
	FamilyGeneral   = "general"
	FamilyCompute   = "compute"
	FamilyMemory    = "memory"
	FamilyBurstable = "burstable"
	FamilyArm       = "arm"
	FamilyGPU       = "gpu"
	FamilyStorage   = "storage"
	FamilyOther     = "other" // FPGA, ML accelerators, HPC, media
)

// AllFamilies are the valid --families values.
var AllFamilies = []string{FamilyGeneral, FamilyCompute, FamilyMemory, FamilyBurstable, FamilyArm, FamilyGPU, FamilyStorage, FamilyOther}

// DefaultFamilies are kept when Options.Families is nil.
var DefaultFamilies = []string{FamilyGeneral, FamilyCompute, FamilyMemory, FamilyBurstable, FamilyArm, FamilyGPU}

func validFamily(f string) bool { return slices.Contains(AllFamilies, f) }

// class is a node type's family class.
type class struct {
	primary   string
	burstable bool
	arm       bool
}

// keptBy reports whether families keep a type of class c: its primary class
// is listed, or one of its modifiers is and it is a general, compute or
// memory type (the burstable and Arm versions of the standard families).
func (c class) keptBy(families []string) bool {
	if slices.Contains(families, c.primary) {
		return true
	}
	standard := c.primary == FamilyGeneral || c.primary == FamilyCompute || c.primary == FamilyMemory
	return standard && ((c.burstable && slices.Contains(families, FamilyBurstable)) || (c.arm && slices.Contains(families, FamilyArm)))
}

// sizeRank orders the sizes below xlarge; every other size (xlarge,
// 2xlarge, ..., metal) ranks above large.
var sizeRank = map[string]int{"nano": 0, "micro": 1, "small": 2, "medium": 3, "large": 4}

// awsSizeOK reports whether an AWS type's size is at least min.
func awsSizeOK(instanceType, min string) bool {
	_, size, ok := strings.Cut(instanceType, ".")
	if !ok {
		return false
	}
	r, small := sizeRank[size]
	if !small {
		return true
	}
	return r >= sizeRank[min]
}

// vcpuSizeOK reports whether a type with vcpus is at least min, for
// providers whose names carry no size word: large means 2 vCPUs or more.
func vcpuSizeOK(vcpus float64, min string) bool {
	if sizeRank[min] >= sizeRank["large"] {
		return vcpus >= 2
	}
	return vcpus >= 1
}

// awsFamilyName is the family part of an instance type: "m7g" of "m7g.large".
func awsFamilyName(instanceType string) string {
	f, _, _ := strings.Cut(instanceType, ".")
	return f
}

// gravitonName matches AWS families whose attributes after the generation
// digit include g (m7g, c7gn, r6gd, t4g, x2gd, g5g): the Graviton types.
var gravitonName = regexp.MustCompile(`^[a-z]+\d+[a-z]*g[a-z]*$`)

// awsClass classifies an EC2 type from its offer attributes.
func awsClass(instanceType, instanceFamily, physicalProcessor string, gpus int) class {
	fam := awsFamilyName(instanceType)
	c := class{primary: FamilyOther}
	switch strings.ToLower(instanceFamily) {
	case "general purpose":
		c.primary = FamilyGeneral
	case "compute optimized":
		c.primary = FamilyCompute
	case "memory optimized":
		c.primary = FamilyMemory
	case "storage optimized":
		c.primary = FamilyStorage
	case "gpu instance":
		c.primary = FamilyGPU
	}
	if gpus > 0 && c.primary != FamilyOther {
		c.primary = FamilyGPU
	}
	c.burstable = len(fam) > 1 && fam[0] == 't' && fam[1] >= '0' && fam[1] <= '9'
	c.arm = strings.Contains(physicalProcessor, "Graviton") || gravitonName.MatchString(fam)
	return c
}
